package io.keyturn.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.platform.messaging.KafkaClientProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in commit order, at least once.
 *
 * <p>Each poll takes a batch in one transaction: it first takes a transaction-scoped advisory lock, so of several
 * replicas exactly one relays at a time and the others skip the poll. {@code FOR UPDATE SKIP LOCKED} alone would
 * let a second replica publish rows 101..200 while the first is still sending 1..100, and one device's events
 * could overtake each other. The batch is sent with an idempotent producer ({@code acks=all}, one request
 * in flight), so the broker neither reorders nor duplicates within the batch; the rows whose sends were
 * acknowledged, in order up to the first failure, are then marked published in the same transaction, and the
 * producer is discarded, so none of the rows after the failure can reach the topic ahead of it. If the broker
 * is away the rows stay and the next poll sends them again. A crash between a send and its commit sends those rows
 * again with the same event ids: consumers are idempotent (docs/events.md).
 *
 * <p>A bundle row ({@link OutboxWriter#bundle}) is sent as its events, each its own record, and counts as
 * acknowledged only when all of them are: a bundle cut short by a failure is sent whole again, its first events
 * twice, as after a crash.
 */
@ApplicationScoped
public class OutboxRelay {

    /**
     * First half of the relay's advisory lock, "ktob" in ASCII; the second half is the hash of the schema, so the
     * relays of two services that share a database do not wait for each other.
     */
    static final int RELAY_LOCK = 0x6b746f62;

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final byte[] STRUCTURED = CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    /** Rows one expiry transaction looks at (the head of the table by {@code seq}). */
    static final int EXPIRY_CHUNK = 5_000;
    /** Transactions one sweep runs at most; the next sweep goes on where this one stopped. */
    static final int EXPIRY_ROUNDS = 100;

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final Counter published;
    private Producer<String, byte[]> producer;
    private volatile boolean brokerDown;
    private volatile boolean stopping;
    /** Whether the last batch found another replica holding the relay's lock. */
    private volatile boolean relaysElsewhere;
    private volatile boolean outboxPresent;
    /** The thread following the outbox between polls, while it waits; see {@link #wake()}. */
    private volatile Thread follower;
    private volatile boolean warnedAbsent;
    private Instant nextExpiry = Instant.MIN;
    /**
     * A retention of zero deletes each row once the broker has acknowledged it, instead of marking it published: a
     * delete writes no new row version and no index entries, and leaves nothing to expire (the relay's PostgreSQL
     * time for 100,000 device events: 0.62 s against 1.26 s, scratch PostgreSQL 15).
     */
    private final boolean deleteOnPublish;

    @Inject
    public OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.config = config;
        this.deleteOnPublish = config.retention().isZero();
        registry.gauge("keyturn.outbox.pending", pending);
        this.published = Counter.builder("keyturn.outbox.published")
                .description("Outbox events acknowledged by the broker (their rows then marked published, or"
                        + " deleted with a retention of zero)").register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${keyturn.platform.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!config.relayEnabled()) {
            return;
        }
        try {
            if (!outboxPresent()) {
                return;
            }
            long follow = config.followInterval().toNanos();
            long until = System.nanoTime() + config.pollInterval().toNanos() - follow;
            long wait = follow;
            if (follow > 0) {
                follower = Thread.currentThread();
            }
            while (true) {
                int sent;
                int step = 0;
                while ((sent = relayBatch()) >= config.batchSize()) {
                    step += sent; // A full batch: more rows are probably waiting.
                }
                step += sent;
                // Following: look again shortly, until the next scheduled poll is near (it is skipped while this one
                // runs), so a steady stream is relayed in small steps rather than a second's worth at once. A look that
                // finds nothing doubles the wait, up to 16 follow intervals, so an idle outbox costs a few looks a
                // second, not forty; any event found brings the pace back. A replica that finds another relaying
                // waits for its next poll.
                wait = step > 0 ? follow : Math.min(wait * 2, 16 * follow);
                if (follow <= 0 || stopping || relaysElsewhere || System.nanoTime() + wait > until) {
                    break;
                }
                LockSupport.parkNanos(this, wait);
            }
            Instant now = clock.instant();
            if (!deleteOnPublish && !now.isBefore(nextExpiry)) {
                nextExpiry = now.plus(config.expiryInterval());
                deleteExpired();
            }
            pending.set(countPending());
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay poll failed, retrying on the next poll: %s", e.toString());
        } finally {
            follower = null;
        }
    }

    /**
     * Tells a relay that follows the outbox (a {@code follow-interval} above zero) that this process has just
     * committed rows, so that it looks now rather than at its next look: a writer that commits at its own pace then
     * sees its rows published right after each commit, and the relay makes no empty looks between. Rows other
     * replicas write are still found by the looks. Without following, or with the relay on another replica, this does
     * nothing; a wake that comes while the relay is busy makes its next wait return at once.
     */
    public void wake() {
        Thread t = follower;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Sends one batch (up to {@code batch-size} rows, and no further row once their events make a batch) and marks
     * what the broker acknowledged; the number of events acknowledged, 0 if another replica relays.
     */
    public int relayBatch() {
        long timeoutSeconds = Math.max(30, config.sendTimeout().multipliedBy(3).toSeconds());
        return QuarkusTransaction.requiringNew().timeout((int) timeoutSeconds).call(this::relayInTransaction);
    }

    private int relayInTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema()))")) {
                lock.setInt(1, RELAY_LOCK);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    relaysElsewhere = !rs.getBoolean(1);
                    if (relaysElsewhere) {
                        return 0;
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            int events = 0;
            // No FOR UPDATE: the advisory lock already makes this the only relay of the schema, and nothing else
            // changes an unpublished row; locking each row cost PostgreSQL a fifth of the relay's time (1.49 s against
            // 1.23 s for 100,000 rows in batches of 1,000, scratch PostgreSQL 15).
            try (PreparedStatement select = c.prepareStatement("SELECT id, topic, record_key, payload, bundle,"
                    + " event_count FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?")) {
                select.setInt(1, config.batchSize());
                // Fetched in steps (the transaction keeps the cursor open), so that the reading can stop once the
                // bundles read make a batch, without reading the rows behind them.
                select.setFetchSize(Math.min(config.batchSize(), 50));
                try (ResultSet rs = select.executeQuery()) {
                    while (events < config.batchSize() && rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        byte[] bundle = rs.getBytes(5);
                        List<OutboxBundle.Event> records = bundle == null
                                ? List.of(new OutboxBundle.Event(rs.getString(3),
                                rs.getString(4).getBytes(StandardCharsets.UTF_8)))
                                : unpack(id, bundle, rs.getInt(6));
                        rows.add(new Row(id, rs.getString(2), records));
                        events += records.size();
                    }
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            List<Row> acknowledged = send(rows);
            Object[] ids = acknowledged.stream().map(Row::id).toArray();
            // One statement for the whole batch: a statement per row cost more than the send under a fetch storm.
            if (deleteOnPublish) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                    delete.setArray(1, c.createArrayOf("uuid", ids));
                    delete.executeUpdate();
                }
            } else {
                try (PreparedStatement mark = c.prepareStatement(
                        "UPDATE outbox SET published_at = ? WHERE id = ANY (?)")) {
                    mark.setTimestamp(1, Timestamp.from(clock.instant()));
                    mark.setArray(2, c.createArrayOf("uuid", ids));
                    mark.executeUpdate();
                }
            }
            int sent = acknowledged.stream().mapToInt(r -> r.records().size()).sum();
            published.increment(sent);
            return sent;
        }
    }

    /**
     * A bundle's events. A bundle that cannot be read is a bug or a damaged row; the relay stops at it (nothing after
     * it may overtake it) and says which row it is, every poll, until someone repairs or removes it.
     */
    private static List<OutboxBundle.Event> unpack(UUID id, byte[] bundle, int count) {
        try {
            return OutboxBundle.unpack(bundle, count);
        } catch (IllegalArgumentException e) {
            throw new OutboxException("outbox row " + id + " holds an unreadable bundle: " + e.getMessage(), e);
        }
    }

    /** The rows whose every record the broker acknowledged, in order, up to the first row it did not. */
    private List<Row> send(List<Row> rows) {
        List<List<Future<RecordMetadata>>> futures = new ArrayList<>(rows.size());
        Producer<String, byte[]> p = producer();
        for (Row row : rows) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(row.records().size());
            for (OutboxBundle.Event event : row.records()) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), event.key(), event.value());
                record.headers().add(CloudEventCodec.CONTENT_TYPE_HEADER, STRUCTURED);
                sends.add(p.send(record));
            }
            futures.add(sends);
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<Row> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                for (Future<RecordMetadata> send : futures.get(i)) {
                    send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                acknowledged.add(rows.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                if (!brokerDown) {
                    LOG.warnf("Outbox relay: Kafka did not acknowledge outbox row %s (%s); %d rows left for the next poll",
                            rows.get(i).id(), e.getCause() == null ? e : e.getCause(), rows.size() - i);
                }
                brokerDown = true;
                // Nothing after the first unacknowledged row may reach the topic before it: close this producer at
                // once, which fails every send it still holds, and start the next poll with a new one. Left alone,
                // it could deliver rows i+1.. after the broker came back and this row only on the next poll (a
                // device's events out of order: DeviceEventsIT saw 5, 7, 8, 6 across a broker restart).
                discardProducer();
                return acknowledged;
            }
        }
        if (brokerDown) {
            LOG.info("Outbox relay: Kafka acknowledges again");
            brokerDown = false;
        }
        return acknowledged;
    }

    /**
     * A service that depends on platform but has not added {@code db/platform} to its Flyway locations yet gets one
     * warning, not one per poll.
     */
    private boolean outboxPresent() {
        if (outboxPresent) {
            return true;
        }
        outboxPresent = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT to_regclass('outbox') IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
        if (!outboxPresent && !warnedAbsent) {
            warnedAbsent = true;
            LOG.warn("Outbox relay idle: there is no outbox table in the datasource's schema; add db/platform to"
                    + " quarkus.flyway.locations (platform/README.md)");
        }
        return outboxPresent;
    }

    /**
     * Deletes the published rows older than {@code retention}, oldest first, {@value #EXPIRY_CHUNK} rows to a
     * transaction, and returns how many. Each round reads only the head of the {@code seq} index: rows are published
     * in {@code seq} order, so the expired ones are the oldest, and a round that finds none at the head ends the
     * sweep. A filter on {@code published_at} alone has no index to use and read the whole table: at a million
     * retained fetch events that was 0.8 s of PostgreSQL per service per poll, more than the rotations it served.
     * A row still unpublished (or published late) at the head is skipped, not waited for.
     */
    public int deleteExpired() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(config.retention()));
        int total = 0;
        for (int round = 0; round < EXPIRY_ROUNDS; round++) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE seq IN"
                             + " (SELECT seq FROM outbox ORDER BY seq LIMIT ?) AND published_at < ?")) {
                    ps.setInt(1, EXPIRY_CHUNK);
                    ps.setTimestamp(2, cutoff);
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    throw new OutboxException("could not delete expired outbox rows (SQL state " + e.getSQLState()
                            + ")", e);
                }
            });
            total += deleted;
            if (deleted == 0) {
                break;
            }
        }
        return total;
    }

    /**
     * Whether every row of the outbox is published. A writer that publishes straight to Kafka and falls back on the
     * outbox while the broker is away goes back to publishing straight only then, so none of its events overtakes
     * one still waiting here (reads the {@code outbox_pending} index only).
     */
    public boolean drained() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    private long countPending() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(event_count), 0) FROM outbox WHERE published_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = KafkaClientProperties.reliableProducer("outbox-relay", config.sendTimeout(),
                    config.compression());
            // One request in flight: a later request cannot be written while an earlier one is being retried, so
            // closing the producer on the first failure (discardProducer) leaves nothing written after it. Records
            // still batch up per partition while a request is out.
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private synchronized void discardProducer() {
        if (producer != null) {
            producer.close(java.time.Duration.ZERO);
            producer = null;
        }
    }

    /** One outbox row: a single event, or a bundle's. */
    private record Row(UUID id, String topic, List<OutboxBundle.Event> records) {
    }
}
