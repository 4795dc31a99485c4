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
 * A relay that follows the outbox between its scheduled polls: with polls 20 s apart and a follow interval of 100 ms,
 * an event appended at any moment reaches the topic within a fraction of a second, not at the next poll.
 */
@QuarkusTest
@TestProfile(OutboxFollowIT.Following.class)
@WithTestResource(ServiceTestResource.class)
class OutboxFollowIT {

    public static class Following implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keyturn.platform.outbox.poll-interval", "20s",
                    "keyturn.platform.outbox.follow-interval", "100ms");
        }
    }

    @Inject
    OutboxWriter writer;

    @Test
    void anEventAppendedBetweenPollsIsRelayedWithinAFollowStep() throws Exception {
        // Three appends at different moments of the 20 s poll period; without following, each would wait up to 20 s
        // for its poll (the chance that all three land within 3 s of one is about 0.3 %).
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1_300);
            String mac = OutboxIT.uniqueMac();
            CloudEvent<DeviceDecommissioned> event = OutboxIT.decommissioned(mac, 1);
            long t0 = System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> writer.append(event));
            Duration published = OutboxIT.timeToPublished(event, t0, Duration.ofSeconds(10));
            assertThat(published).as("append %d: acknowledged and marked published", i).isNotNull()
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(TopicReader.read(Topics.DEVICES, mac, 1, Duration.ofSeconds(30))).containsExactly(event);
        }
    }
}
