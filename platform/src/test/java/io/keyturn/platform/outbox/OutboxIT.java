package io.keyturn.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.Topics;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestKafka;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class OutboxIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxWriter writer;
    @Inject
    OutboxRelay relay;

    @Test
    void rolledBackAppendPublishesNothing() throws SQLException {
        String mac = uniqueMac();
        CloudEvent<DeviceDecommissioned> rolledBack = decommissioned(mac, 1);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            writer.append(rolledBack);
            throw new IllegalStateException("the state change failed after the append");
        })).hasMessageContaining("state change failed");
        CloudEvent<DeviceDecommissioned> committed = decommissioned(mac, 2);
        QuarkusTransaction.requiringNew().run(() -> writer.append(committed));

        // The committed event after it proves the relay has passed the place where the rolled-back one would be.
        assertThat(TopicReader.read(Topics.DEVICES, mac, 2, Duration.ofSeconds(10)))
                .containsExactly(committed);
        assertThat(rowCount(rolledBack.id())).isZero();
    }

    @Test
    void publishesCommittedEventsInCommitOrderKeyedBySubject() {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = decommissioned(mac, 1, 30);
        // Some alone, some several to a transaction: the order is the order they were written in.
        for (int i = 0; i < 10; i++) {
            CloudEvent<DeviceDecommissioned> e = events.get(i);
            QuarkusTransaction.requiringNew().run(() -> writer.append(e));
        }
        QuarkusTransaction.requiringNew().run(() -> events.subList(10, 30).forEach(writer::append));

        List<CloudEvent<?>> read = TopicReader.read(Topics.DEVICES, mac, 30, WAIT);
        assertThat(read).containsExactlyElementsOf(events);
    }

    @Test
    void publishesABulkAppendOnceEachInListOrderAfterEarlierAppends() {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = decommissioned(mac, 1, 500);
        QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(0)));
        QuarkusTransaction.requiringNew().run(() -> writer.appendAll(events.subList(1, 499)));
        QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(499)));

        assertThat(TopicReader.read(Topics.DEVICES, mac, 500, WAIT)).containsExactlyElementsOf(events);
    }

    @Test
    void publishesBundledEventsEachAsItsOwnRecordInOrderBetweenSingleRows() {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = decommissioned(mac, 1, 2_503);
        QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(0)));
        // 2,500 events: bundle rows of 1,000, 1,000 and 500 in one transaction, a single row after them in another.
        OutboxWriter.Bundles bundles = writer.bundle(events.subList(1, 2_501).stream().map(writer::encode).toList());
        assertThat(bundles.rows()).isEqualTo(3);
        QuarkusTransaction.requiringNew().run(() -> writer.appendBundles(bundles));
        QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(2_501)));
        // A bundle of one event is a plain row.
        QuarkusTransaction.requiringNew().run(() -> writer.appendBundles(writer.bundle(
                List.of(writer.encode(events.get(2_502))))));

        assertThat(TopicReader.read(Topics.DEVICES, mac, 2_503, WAIT)).containsExactlyElementsOf(events);
    }

    @Test
    void countsTheEventsOfPendingBundlesAndStopsAtAnUnreadableOne() throws Exception {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = decommissioned(mac, 1, 1_201);
        UUID broken = UUID.randomUUID();
        try (Connection c = connect()) {
            try (Connection otherReplica = connect()) {
                holdRelayLock(otherReplica);
                QuarkusTransaction.requiringNew().run(() -> writer.appendBundles(
                        writer.bundle(events.subList(0, 1_200).stream().map(writer::encode).toList())));
                // A damaged bundle row (its stream cut short) between them and the next event.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe.outbox (id, topic, record_key,"
                        + " type, bundle, event_count) VALUES (?, 'keyturn.devices', ?, 'keyturn.device.decommissioned',"
                        + " ?, 2)")) {
                    ps.setObject(1, broken);
                    ps.setString(2, mac);
                    ps.setBytes(3, new byte[] {OutboxBundle.FORMAT_ZSTD, 0x73, 0x74});
                    ps.executeUpdate();
                }
                QuarkusTransaction.requiringNew().run(() -> writer.append(events.get(1_200)));
                // The pending gauge counts events, not rows (two bundles, the broken one and a single row).
                long deadline = System.nanoTime() + WAIT.toNanos();
                double pending = 0;
                while (pending < 1_203 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    pending = pendingGauge();
                }
                assertThat(pending).isGreaterThanOrEqualTo(1_203);
                otherReplica.commit();
            }
            // The bundles before the broken row go out; the event after it waits behind it.
            assertThat(TopicReader.read(Topics.DEVICES, mac, 1_200, WAIT)).containsExactlyElementsOf(
                    events.subList(0, 1_200));
            Thread.sleep(3_000);
            assertThat(publishedAt(events.get(1_200).id())).as("nothing overtakes an unreadable bundle").isNull();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM probe.outbox WHERE id = ?")) {
                ps.setObject(1, broken);
                assertThat(ps.executeUpdate()).isOne();
            }
        }
        assertThat(TopicReader.read(Topics.DEVICES, mac, 1_201, WAIT)).containsExactlyElementsOf(events);
    }

    @Test
    void rolledBackBulkAppendWritesNothing() throws SQLException {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = List.of(decommissioned(mac, 1), decommissioned(mac, 2));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            writer.appendAll(events);
            throw new IllegalStateException("the state change failed after the append");
        })).hasMessageContaining("state change failed");
        assertThat(rowCount(events.get(0).id()) + rowCount(events.get(1).id())).isZero();
        assertThatThrownBy(() -> writer.appendAll(events)).isInstanceOf(TransactionalException.class);
    }

    @Test
    void losesNothingWhileTheBrokerIsAway() throws Exception {
        String mac = uniqueMac();
        List<CloudEvent<DeviceDecommissioned>> events = new ArrayList<>();
        TestKafka.get().stopBroker();
        try {
            for (int v = 1; v <= 5; v++) {
                CloudEvent<DeviceDecommissioned> e = decommissioned(mac, v);
                events.add(e);
                QuarkusTransaction.requiringNew().run(() -> writer.append(e));
            }
            // Several polls fail meanwhile (send timeout 2 s, a poll every second); the rows stay unpublished.
            Thread.sleep(5_000);
            for (CloudEvent<DeviceDecommissioned> e : events) {
                assertThat(publishedAt(e.id())).as("event %s", e.id()).isNull();
            }
        } finally {
            TestKafka.get().startBroker();
        }
        assertThat(TopicReader.read(Topics.DEVICES, mac, 5, Duration.ofSeconds(60)))
                .as("every event, in order; a batch in flight at the outage may appear twice")
                .containsSubsequence(events)
                .containsOnlyElementsOf(events);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (publishedAt(events.get(4).id()) == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (CloudEvent<DeviceDecommissioned> e : events) {
            assertThat(publishedAt(e.id())).as("event %s", e.id()).isNotNull();
        }
    }

    @Test
    void waitsWhileAnotherReplicaRelays() throws Exception {
        String mac = uniqueMac();
        CloudEvent<DeviceDecommissioned> e = decommissioned(mac, 1);
        try (Connection otherReplica = connect()) {
            holdRelayLock(otherReplica);
            QuarkusTransaction.requiringNew().run(() -> writer.append(e));
            Thread.sleep(3_000);
            assertThat(publishedAt(e.id())).as("no poll relays while the lock is held elsewhere").isNull();
            otherReplica.commit();
        }
        assertThat(TopicReader.read(Topics.DEVICES, mac, 1, WAIT)).containsExactly(e);
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        assertThatThrownBy(() -> writer.append(decommissioned(uniqueMac(), 1)))
                .isInstanceOf(TransactionalException.class);
    }

    @Test
    void refusesASecondAppendOfTheSameEvent() {
        CloudEvent<DeviceDecommissioned> e = decommissioned(uniqueMac(), 1);
        QuarkusTransaction.requiringNew().run(() -> writer.append(e));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> writer.append(e)))
                .isInstanceOf(OutboxException.class)
                .hasMessageContaining(e.id().toString())
                .hasMessageContaining("23505");
    }

    @Test
    void deletesPublishedRowsPastTheirRetentionAndKeepsTheRest() throws SQLException {
        String mac = uniqueMac();
        CloudEvent<DeviceDecommissioned> first = decommissioned(mac, 1);
        CloudEvent<DeviceDecommissioned> second = decommissioned(mac, 2);
        QuarkusTransaction.requiringNew().run(() -> writer.append(first));
        QuarkusTransaction.requiringNew().run(() -> writer.append(second));
        TopicReader.read(Topics.DEVICES, mac, 2, WAIT);
        // Everything published up to the second row was published eight days ago (retention is seven).
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("UPDATE probe.outbox SET published_at = now() - interval"
                     + " '8 days' WHERE published_at IS NOT NULL AND seq <= (SELECT seq FROM probe.outbox WHERE id = ?)")) {
            ps.setObject(1, second.id());
            assertThat(ps.executeUpdate()).isGreaterThanOrEqualTo(2);
        }
        CloudEvent<DeviceDecommissioned> recent = decommissioned(mac, 3);
        QuarkusTransaction.requiringNew().run(() -> writer.append(recent));
        TopicReader.read(Topics.DEVICES, mac, 3, WAIT);

        relay.deleteExpired();

        assertThat(rowCount(first.id())).as("expired").isZero();
        assertThat(rowCount(second.id())).as("expired").isZero();
        assertThat(rowCount(recent.id())).as("published within the retention").isOne();
        assertThat(relay.deleteExpired()).as("a second sweep finds nothing expired at the head").isZero();
    }

    @Test
    void exportsPendingAndPublishedMetrics() {
        String mac = uniqueMac();
        CloudEvent<DeviceDecommissioned> e = decommissioned(mac, 1);
        QuarkusTransaction.requiringNew().run(() -> writer.append(e));
        TopicReader.read(Topics.DEVICES, mac, 1, WAIT);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("keyturn_outbox_pending "))
                .body(containsString("keyturn_outbox_published_total "));
    }

    /** Takes the relay's lock as another replica would, until {@code otherReplica} commits. */
    private static void holdRelayLock(Connection otherReplica) throws SQLException {
        otherReplica.setAutoCommit(false);
        try (PreparedStatement lock = otherReplica.prepareStatement(
                "SELECT pg_advisory_xact_lock(?, hashtext('probe'))")) {
            lock.setInt(1, OutboxRelay.RELAY_LOCK);
            lock.execute();
        }
    }

    private static double pendingGauge() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("keyturn_outbox_pending "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no keyturn_outbox_pending in /q/metrics"));
    }

    /** Versions {@code from} to {@code to} of a decommissioning of {@code mac}, in order. */
    static List<CloudEvent<DeviceDecommissioned>> decommissioned(String mac, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(v -> decommissioned(mac, v)).toList();
    }

    static CloudEvent<DeviceDecommissioned> decommissioned(String mac, long version) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return CloudEvent.of(UUID.randomUUID(), Sources.REGISTRY_SERVICE, at,
                new DeviceDecommissioned(mac, version, "alice", "test " + version, at));
    }

    static String uniqueMac() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong(1L << 47));
    }

    private static long rowCount(UUID id) throws SQLException {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM probe.outbox WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant publishedAt(UUID id) throws SQLException {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT published_at FROM probe.outbox WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no outbox row " + id);
                }
                java.sql.Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    static Connection connect() throws SQLException {
        TestPostgres pg = TestPostgres.get();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
    }

    /**
     * How long after {@code t0} the event's row was marked published, looking every 20 ms for up to {@code limit};
     * null if it was not.
     */
    static Duration timeToPublished(CloudEvent<?> event, long t0, Duration limit) throws Exception {
        while (System.nanoTime() - t0 < limit.toNanos()) {
            try (Connection c = connect();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT published_at IS NOT NULL FROM probe.outbox WHERE id = ?")) {
                ps.setObject(1, event.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Duration.ofNanos(System.nanoTime() - t0);
                    }
                }
            }
            Thread.sleep(20);
        }
        return null;
    }
}
