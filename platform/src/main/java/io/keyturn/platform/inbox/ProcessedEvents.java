package io.keyturn.platform.inbox;

import io.agroal.api.AgroalDataSource;
import io.keyturn.platform.outbox.OutboxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The events each consumer has applied, so that a duplicate, a replay or a relay's re-send changes nothing. A
 * handler calls {@link #markIfFirst} first, in the transaction of its effect, and applies the effect only on
 * {@code true}; if the effect rolls back, so does the mark, and the redelivered event is applied then.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final AgroalDataSource dataSource;

    @Inject
    public ProcessedEvents(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records that {@code consumer} processes event {@code eventId}.
     *
     * @param consumer a stable name of the handler, e.g. {@code crypto-service.device-events}; two handlers of one
     *     service that both react to an event use two names
     * @return {@code true} the first time, {@code false} if the event was already processed by this consumer
     *     (by a committed transaction, or by a concurrent one that then commits: this call waits for it)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markIfFirst(UUID eventId, String consumer) {
        Objects.requireNonNull(eventId, "eventId");
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("consumer must be named");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, consumer);
            ps.setObject(2, eventId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new OutboxException("could not record event " + eventId + " as processed by " + consumer
                    + " (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * {@link #markIfFirst} for a batch of events, with one statement: the ids among {@code eventIds} that this
     * consumer had not processed before, each once however often it appears. The handler applies exactly those, in
     * the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> markAllIfFirst(Collection<UUID> eventIds, String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("consumer must be named");
        }
        Set<UUID> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO processed_event (consumer, event_id)"
                     + " SELECT ?, unnest(?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            ps.setString(1, consumer);
            ps.setArray(2, c.createArrayOf("uuid", eventIds.stream().map(Objects::requireNonNull).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.add(rs.getObject(1, UUID.class));
                }
            }
            return first;
        } catch (SQLException e) {
            throw new OutboxException("could not record " + eventIds.size() + " events as processed by " + consumer
                    + " (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
