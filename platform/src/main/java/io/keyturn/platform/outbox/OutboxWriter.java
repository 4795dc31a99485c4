package io.keyturn.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.platform.jdbc.CopyRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes an event into the outbox in the caller's transaction, so the event exists if and only if the state change
 * beside it commits. {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class OutboxWriter {

    /** Most events in one bundle row: the relay reads a bundle whole, and sends at most a batch's worth at a time. */
    public static final int MAX_BUNDLE_EVENTS = 1_000;
    /** About the most bytes of events in one bundle row, before deflate. */
    public static final int MAX_BUNDLE_BYTES = 4 << 20;

    private final AgroalDataSource dataSource;
    private final CloudEventCodec codec = new CloudEventCodec();

    @Inject
    public OutboxWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Appends {@code event} to the outbox: topic and record key (the subject) from the event, value its structured
     * JSON. Must run inside the transaction of the state change; without one it fails rather than publish alone.
     *
     * @throws OutboxException if the row cannot be written (including a second append of the same event id)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(CloudEvent<?> event) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO outbox (id, topic, record_key, type, payload) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, event.id());
            ps.setString(2, event.topic());
            ps.setString(3, event.subject());
            ps.setString(4, event.type());
            ps.setString(5, new String(codec.toJson(event), StandardCharsets.UTF_8));
            ps.executeUpdate();
        } catch (SQLException e) {
            // The SQL state names the failure; the message could quote the payload, so it stays out.
            throw new OutboxException("could not append " + event.type() + " " + event.id()
                    + " to the outbox (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Appends {@code events} to the outbox in list order (the relay publishes them in that order), in the caller's
     * transaction, with one {@code COPY}: a bulk write costs one round trip, not one per event.
     *
     * @throws OutboxException if the rows cannot be written; then none is (the transaction must roll back)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<? extends CloudEvent<?>> events) {
        appendEncoded(events.stream().map(this::encode).toList());
    }

    /**
     * {@code event} encoded for the outbox now, appended later with {@link #appendEncoded} or {@link #appendBundles}:
     * a bulk writer can encode on one thread while another holds the transaction. Needs no transaction.
     */
    public Encoded encode(CloudEvent<?> event) {
        return new Encoded(event.id(), event.topic(), event.subject(), event.type(), codec.toJson(event));
    }

    /**
     * Appends events made by {@link #encode} in list order, one row each, in the caller's transaction, with one
     * {@code COPY}; as {@link #appendAll}.
     *
     * @throws OutboxException if the rows cannot be written; then none is (the transaction must roll back)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendEncoded(List<Encoded> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            // seq is a bigserial: COPY takes its default row by row, so the rows keep the list's order.
            try (OutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY outbox (id, topic, record_key, type, payload) FROM STDIN", 1 << 16)) {
                for (Encoded row : rows) {
                    out.write(new CopyRow(row.json.length + 160).field(row.id.toString()).field(row.topic)
                            .field(row.subject).field(row.type).field(row.json).end());
                }
            }
        } catch (SQLException | IOException e) {
            String state = e instanceof SQLException s ? " (SQL state " + s.getSQLState() + ")" : "";
            throw new OutboxException("could not append " + rows.size() + " events to the outbox" + state, e);
        }
    }

    /**
     * {@code events} packed into bundles now, for {@link #appendBundles} later: each run of consecutive events of
     * one topic becomes rows of up to {@value #MAX_BUNDLE_EVENTS} events (and about {@value #MAX_BUNDLE_BYTES}
     * bytes) each, a single event a plain row. For bulk writes of events that resemble each other, such as an
     * import's registrations: a bundle row costs PostgreSQL a fraction of the rows it replaces (see
     * {@link OutboxBundle}), and the relay still publishes every event as its own record, in order. Needs no
     * transaction.
     */
    public Bundles bundle(List<Encoded> events) {
        List<Bundles.Part> parts = new ArrayList<>();
        int start = 0;
        while (start < events.size()) {
            Encoded first = events.get(start);
            int end = start;
            long bytes = 0;
            while (end < events.size() && end - start < MAX_BUNDLE_EVENTS && bytes < MAX_BUNDLE_BYTES
                    && events.get(end).topic.equals(first.topic)) {
                bytes += events.get(end).json.length + events.get(end).subject.length();
                end++;
            }
            List<Encoded> run = events.subList(start, end);
            if (run.size() == 1) {
                parts.add(new Bundles.Part(first, null, 1));
            } else {
                List<OutboxBundle.Event> packed = new ArrayList<>(run.size());
                for (Encoded e : run) {
                    packed.add(new OutboxBundle.Event(e.subject, e.json));
                }
                parts.add(new Bundles.Part(first, OutboxBundle.pack(packed, (int) bytes), run.size()));
            }
            start = end;
        }
        return new Bundles(parts, events.size());
    }

    /**
     * Appends what {@link #bundle} packed, in order, in the caller's transaction. A bundle row takes its first
     * event's id, key and type (so a second append of the same bundle is refused as a single event's would be).
     *
     * @throws OutboxException if the rows cannot be written; then none is (the transaction must roll back)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendBundles(Bundles bundles) {
        if (bundles.parts.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (id, topic, record_key, type, payload, bundle, event_count)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Bundles.Part part : bundles.parts) {
                Encoded first = part.first;
                ps.setObject(1, first.id);
                ps.setString(2, first.topic);
                ps.setString(3, first.subject);
                ps.setString(4, first.type);
                ps.setString(5, part.bundle == null ? new String(first.json, StandardCharsets.UTF_8) : null);
                ps.setBytes(6, part.bundle);
                ps.setInt(7, part.events);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new OutboxException("could not append " + bundles.events + " events to the outbox (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    /** Events packed by {@link #bundle}, ready for {@link #appendBundles}. */
    public static final class Bundles {
        private final List<Part> parts;
        private final int events;

        private Bundles(List<Part> parts, int events) {
            this.parts = parts;
            this.events = events;
        }

        /** How many events they hold. */
        public int events() {
            return events;
        }

        /** How many outbox rows they make. */
        public int rows() {
            return parts.size();
        }

        /** Counts only: the events may carry sealed secrets. */
        @Override
        public String toString() {
            return "Bundles[" + events + " events in " + parts.size() + " rows]";
        }

        /** One row: a bundle of {@code events} events starting with {@code first}, or {@code first} alone. */
        private record Part(Encoded first, byte[] bundle, int events) {
        }
    }

    /** One event encoded for the outbox; only {@link #encode} makes one. */
    public static final class Encoded {
        private final UUID id;
        private final String topic;
        private final String subject;
        private final String type;
        private final byte[] json;

        private Encoded(UUID id, String topic, String subject, String type, byte[] json) {
            this.id = id;
            this.topic = topic;
            this.subject = subject;
            this.type = type;
            this.json = json;
        }

        /** The topic it belongs on. */
        public String topic() {
            return topic;
        }

        /** The record key: the event's subject. */
        public String subject() {
            return subject;
        }

        /** The structured CloudEvents JSON, the record's value; the caller must not change it. */
        public byte[] json() {
            return json;
        }

        /** The type and subject only: the payload may carry sealed secrets. */
        @Override
        public String toString() {
            return "Encoded[" + type + " " + subject + "]";
        }
    }
}
