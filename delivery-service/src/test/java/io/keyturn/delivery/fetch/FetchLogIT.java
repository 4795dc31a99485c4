package io.keyturn.delivery.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.delivery.DeliveryTestResource;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.ServiceTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fetch log writes a light flow of events in few transactions, loses none of them, and holds none for long. */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class FetchLogIT {

    @Inject
    FetchLog log;

    @Inject
    MeterRegistry registry;

    @Test
    void aLightTrickleIsWrittenOncePerMaxLingerNotOncePerEvent() throws Exception {
        double writtenBefore = counter("keyturn.delivery.fetch-log.written");
        double writesBefore = counter("keyturn.delivery.fetch-log.writes");
        int events = 300;
        long start = System.nanoTime();
        // One event every 4 ms for about 1.2 s: each would find the writer idle and be a transaction of its own
        // without the linger. 250 events/s never make linger-events (500) within a linger or a max-linger (250 ms),
        // so the writer writes once per max-linger: about 5 writes.
        for (int i = 0; i < events; i++) {
            assertThat(log.record(fetch(i))).isTrue();
            TimeUnit.MILLISECONDS.sleep(4);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> counter("keyturn.delivery.fetch-log.written") - writtenBefore >= events);
        double seconds = (System.nanoTime() - start) / 1e9;

        double writes = counter("keyturn.delivery.fetch-log.writes") - writesBefore;
        assertThat(counter("keyturn.delivery.fetch-log.written") - writtenBefore).isGreaterThanOrEqualTo(events);
        // About one write per 250 ms of the run, with room for a slow machine's scheduling; at a write per 25 ms
        // linger there would be some 50.
        assertThat(writes).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(Math.ceil(seconds * 4) + 2);
    }

    @Test
    void aLoneEventIsWrittenAfterMaxLingerWithoutWaitingForMore() throws Exception {
        double writtenBefore = counter("keyturn.delivery.fetch-log.written");
        assertThat(log.record(fetch(1_000))).isTrue();
        // linger-events (500) never come: the event is written once it has waited max-linger (250 ms).
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> counter("keyturn.delivery.fetch-log.written") - writtenBefore >= 1);
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static DeliveryFetched fetch(int i) {
        return new DeliveryFetched("/profile/fetchlogit" + i + "/spa962.cfg", ProfileKind.CHAIN,
                String.format("0000%08x", i), 1L, DeliveryProtocol.HTTP, "192.0.2.10", "keyturn-test",
                FetchResult.COMPLETED, 24_576, 1, Instant.now());
    }
}
