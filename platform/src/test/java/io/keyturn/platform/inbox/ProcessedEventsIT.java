package io.keyturn.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.platform.probe.ProbeHandler;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestPostgres;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class ProcessedEventsIT {

    @Inject
    ProcessedEvents processed;

    @Inject
    ProbeHandler handler;

    @Test
    void marksAnEventOnlyOncePerConsumer() {
        UUID id = UUID.randomUUID();
        assertThat(mark(id, "a")).isTrue();
        assertThat(mark(id, "a")).isFalse();
        assertThat(mark(id, "b")).as("another consumer processes it on its own").isTrue();
    }

    @Test
    void forgetsAMarkWhoseTransactionRolledBack() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            processed.markIfFirst(id, "a");
            throw new IllegalStateException("the effect failed after the mark");
        })).hasMessageContaining("effect failed");
        assertThat(mark(id, "a")).as("the effect rolled back, so the redelivery applies it").isTrue();
    }

    @Test
    void marksABatchOnceAndNamesOnlyTheEventsNotSeenBefore() {
        UUID seen = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        UUID repeated = UUID.randomUUID();
        assertThat(mark(seen, "a")).isTrue();
        Set<UUID> first = QuarkusTransaction.requiringNew().call(
                () -> processed.markAllIfFirst(List.of(seen, fresh, repeated, repeated), "a"));
        assertThat(first).as("the one seen before is left out, the repeated one named once")
                .containsExactlyInAnyOrder(fresh, repeated);
        assertThat(mark(fresh, "a")).isFalse();
        assertThat(mark(repeated, "a")).isFalse();
        assertThat(mark(fresh, "b")).as("another consumer processes it on its own").isTrue();
    }

    @Test
    void refusesToMarkOutsideATransaction() {
        assertThatThrownBy(() -> processed.markIfFirst(UUID.randomUUID(), "a"))
                .isInstanceOf(TransactionalException.class);
    }

    @Test
    void theSameEventDeliveredTwiceChangesNothing() throws Exception {
        String mac = String.format("%012x", ThreadLocalRandom.current().nextLong(1L << 47));
        Instant at = Instant.now();
        CloudEvent<DeviceDecommissioned> event = CloudEvent.of(UUID.randomUUID(), Sources.REGISTRY_SERVICE, at,
                new DeviceDecommissioned(mac, 1, null, null, at));
        CloudEvent<DeviceDecommissioned> other = CloudEvent.of(UUID.randomUUID(), Sources.REGISTRY_SERVICE, at,
                new DeviceDecommissioned(mac, 1, null, null, at));

        handler.handle(event);
        handler.handle(event);
        assertThat(applied(mac)).isEqualTo(1);

        handler.handle(other);
        assertThat(applied(mac)).as("equal data, another id: another occurrence").isEqualTo(2);
    }

    private boolean mark(UUID id, String consumer) {
        return QuarkusTransaction.requiringNew().call(() -> processed.markIfFirst(id, consumer));
    }

    private static int applied(String mac) throws SQLException {
        TestPostgres pg = TestPostgres.get();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             PreparedStatement ps = c.prepareStatement("SELECT applied FROM probe.probe_effect WHERE mac = ?")) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
