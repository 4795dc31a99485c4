package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Topics;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A relay that follows the outbox looks at once when the process that wrote rows wakes it: with polls 30 s apart and
 * looks 5 s apart (10 s once one finds nothing), a woken relay publishes an event within a second.
 */
@QuarkusTest
@TestProfile(OutboxWakeIT.SlowLooks.class)
@WithTestResource(ServiceTestResource.class)
class OutboxWakeIT {

    public static class SlowLooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keyturn.platform.outbox.poll-interval", "30s",
                    "keyturn.platform.outbox.follow-interval", "5s");
        }
    }

    @Inject
    OutboxWriter writer;

    @Inject
    OutboxRelay relay;

    @Test
    void aWokenRelayPublishesAtOnceRatherThanAtItsNextLook() throws Exception {
        // Three appends at different moments; unwoken, each would wait for a look 5-10 s away, or the next poll (the
        // chance that all three land within 1.5 s of a look is well under 1 %).
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1_700);
            String mac = OutboxIT.uniqueMac();
            CloudEvent<DeviceDecommissioned> event = OutboxIT.decommissioned(mac, 1);
            long t0 = System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> writer.append(event));
            relay.wake();
            Duration published = OutboxIT.timeToPublished(event, t0, Duration.ofSeconds(40));
            assertThat(published).as("append %d: acknowledged and marked published", i).isNotNull()
                    .isLessThan(Duration.ofMillis(1_500));
            assertThat(TopicReader.read(Topics.DEVICES, mac, 1, Duration.ofSeconds(30))).containsExactly(event);
        }
    }
}
