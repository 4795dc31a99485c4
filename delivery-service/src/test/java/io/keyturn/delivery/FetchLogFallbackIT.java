package io.keyturn.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.delivery.fetch.FetchLog;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fetch log publishes straight to Kafka, and what the broker does not take goes through the outbox: a broker
 * outage loses no event, and once the broker is back the fetch log publishes straight to it again.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class FetchLogFallbackIT {

    private static final String FALLBACK = "keyturn.delivery.fetch-log.fallback";
    private static final String WRITTEN = "keyturn.delivery.fetch-log.written";
    private static final String RELAYED = "keyturn.outbox.published";

    @Inject
    FetchLog log;

    @Inject
    MeterRegistry registry;

    @Test
    void eventsTheBrokerDoesNotTakeGoThroughTheOutboxAndNoneIsLost() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int during = 40;
        double fallbackBefore = counter(FALLBACK);
        TestKafka.get().stopBroker();
        try {
            for (int i = 0; i < during; i++) {
                assertThat(log.record(fetch(run, "outage", i))).isTrue();
            }
            // The send waits out send-timeout (2 s) for a broker that is not there; then the batch goes to the outbox
            // (or straight there, if a batch failed moments before or the outbox still held events).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter(FALLBACK) - fallbackBefore >= during);
        } finally {
            TestKafka.get().startBroker();
        }
        try (DeliveryEvents events = new DeliveryEvents()) {
            // The relay publishes them once the broker is back: every one, each under one id.
            awaitAll(events, run, "outage", during);

            // fallback-for (3 s in tests) after the failure, batches go straight to Kafka again: these reach the
            // topic without the relay and without another fallback.
            Thread.sleep(4_000);
            double relayedBefore = counter(RELAYED);
            double fallbackAfter = counter(FALLBACK);
            double writtenBefore = counter(WRITTEN);
            int after = 20;
            for (int i = 0; i < after; i++) {
                assertThat(log.record(fetch(run, "after", i))).isTrue();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(WRITTEN) - writtenBefore >= after);
            awaitAll(events, run, "after", after);
            assertThat(counter(FALLBACK)).isEqualTo(fallbackAfter);
            assertThat(counter(RELAYED)).as("events the relay published").isEqualTo(relayedBefore);
        } finally {
            // The tests after this one expect a ready service: its readiness check reconnects to the broker on its own.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().get("/q/health/ready").statusCode() == 200);
        }
    }

    private static void awaitAll(DeliveryEvents events, String run, String phase, int count) {
        String prefix = "/profile/fallback" + run + phase;
        events.await(DeliveryFetched.class, f -> f.path().startsWith(prefix) && seen(events, prefix) >= count,
                Duration.ofSeconds(60));
        Set<String> paths = events.all(DeliveryFetched.class, f -> f.path().startsWith(prefix)).stream()
                .map(DeliveryFetched::path).collect(Collectors.toSet());
        assertThat(paths).as("the %s events on keyturn.deliveries", phase).hasSize(count);
    }

    private static long seen(DeliveryEvents events, String prefix) {
        return events.all(DeliveryFetched.class, f -> f.path().startsWith(prefix)).stream()
                .map(DeliveryFetched::path).distinct().count();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static DeliveryFetched fetch(String run, String phase, int i) {
        return new DeliveryFetched("/profile/fallback" + run + phase + i + "/spa962.cfg", ProfileKind.CHAIN,
                String.format("0000%08x", i), 1L, DeliveryProtocol.HTTP, "192.0.2.10", "keyturn-test",
                FetchResult.COMPLETED, 24_576, 1, Instant.now());
    }
}
