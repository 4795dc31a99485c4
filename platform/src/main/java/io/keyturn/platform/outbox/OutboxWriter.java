package io.keyturn.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes an event into the outbox in the caller's transaction, so the event exists if and only if the state change
 * beside it commits. {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class OutboxWriter {

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
     * {@code event} as its outbox row, encoded now and appended later with {@link #appendEncoded}: a bulk writer can
     * encode on one thread while another holds the transaction. Needs no transaction.
     */
    public Encoded encode(CloudEvent<?> event) {
        byte[] json = codec.toJson(event);
        byte[] row = new CopyRow(json.length + 160).field(event.id().toString()).field(event.topic())
                .field(event.subject()).field(event.type()).field(json).end();
        return new Encoded(event.type(), event.subject(), row);
    }

    /**
     * Appends rows made by {@link #encode} in list order, in the caller's transaction, with one {@code COPY}; as
     * {@link #appendAll}.
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
                    out.write(row.copyRow);
                }
            }
        } catch (SQLException | IOException e) {
            String state = e instanceof SQLException s ? " (SQL state " + s.getSQLState() + ")" : "";
            throw new OutboxException("could not append " + rows.size() + " events to the outbox" + state, e);
        }
    }

    /** One event as a row of the outbox's COPY text; only {@link #encode} makes one. */
    public static final class Encoded {
        private final String type;
        private final String subject;
        private final byte[] copyRow;

        private Encoded(String type, String subject, byte[] copyRow) {
            this.type = type;
            this.subject = subject;
            this.copyRow = copyRow;
        }

        /** The type and subject only: the payload may carry sealed secrets. */
        @Override
        public String toString() {
            return "Encoded[" + type + " " + subject + "]";
        }
    }
}
