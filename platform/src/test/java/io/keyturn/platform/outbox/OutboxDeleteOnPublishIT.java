package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The relay with a retention of zero: every acknowledged row is deleted, and publishing is otherwise unchanged. */
@QuarkusTest
@TestProfile(OutboxDeleteOnPublishIT.ZeroRetention.class)
@WithTestResource(ServiceTestResource.class)
class OutboxDeleteOnPublishIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class ZeroRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keyturn.platform.outbox.retention", "0s");
        }
    }

    @Inject
    OutboxWriter writer;

    @Test
    void publishesInOrderThenDeletesEveryRow() throws Exception {
        String mac = OutboxIT.uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = OutboxIT.decommissioned(mac, 1, 6);
        QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(0)));
        QuarkusTransaction.requiringNew().run(() -> writer.appendAll(events.subList(1, 3)));
        // And a bundle row: deleted once all of its events are acknowledged.
        QuarkusTransaction.requiringNew().run(() -> writer.appendBundles(
                writer.bundle(events.subList(3, 6).stream().map(writer::encode).toList())));

        assertThat(TopicReader.read(Topics.DEVICES, mac, 6, WAIT)).containsExactlyElementsOf(events);
        List<UUID> ids = events.stream().map(CloudEvent::id).toList();
        // The rows go in the relay's transaction, which commits just after the broker's acknowledgements.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (rows(ids) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(rows(ids)).as("rows left after publishing").isZero();
    }

    @Test
    void aRolledBackAppendIsNeitherPublishedNorKept() throws Exception {
        String mac = OutboxIT.uniqueMac();
        CloudEvent<DeviceDecommissioned> rolledBack = OutboxIT.decommissioned(mac, 1);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            writer.append(rolledBack);
            throw new IllegalStateException("the state change failed after the append");
        })).hasMessageContaining("state change failed");
        CloudEvent<DeviceDecommissioned> committed = OutboxIT.decommissioned(mac, 2);
        QuarkusTransaction.requiringNew().run(() -> writer.append(committed));

        assertThat(TopicReader.read(Topics.DEVICES, mac, 2, Duration.ofSeconds(10))).containsExactly(committed);
        assertThat(rows(List.of(rolledBack.id()))).isZero();
    }

    private static long rows(List<UUID> ids) throws SQLException {
        try (Connection c = OutboxIT.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM probe.outbox WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
