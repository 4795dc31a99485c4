package io.keyturn.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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
}
