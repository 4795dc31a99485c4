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
                     "INSERT INTO outbox (id, topic, record_key, type, payload) VALUES (?, ?, ?, ?, ?::jsonb)")) {
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
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            // seq is a bigserial: COPY takes its default row by row, so the rows keep the list's order.
            try (OutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY outbox (id, topic, record_key, type, payload) FROM STDIN", 1 << 16)) {
                CopyRow row = new CopyRow();
                for (CloudEvent<?> event : events) {
                    row.field(event.id().toString()).field(event.topic()).field(event.subject()).field(event.type())
                            .field(codec.toJson(event)).writeTo(out);
                }
            }
        } catch (SQLException | IOException e) {
            String state = e instanceof SQLException s ? " (SQL state " + s.getSQLState() + ")" : "";
            throw new OutboxException("could not append " + events.size() + " events to the outbox" + state, e);
        }
    }
}
