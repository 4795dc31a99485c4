package io.keyturn.registry.messaging;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.platform.inbox.ProcessedEvents;
import io.keyturn.registry.persistence.RepositoryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Keeps each device's rotation read model from {@code keyturn.rotations}: newest generation issued, newest confirmed,
 * and where the newest rotation stands. Every update only moves forward (a generation never goes down), so events
 * that arrive late or twice change nothing; the processed-event mark makes a re-delivery a no-op as well.
 */
@ApplicationScoped
public class RotationEventHandler {

    static final String CONSUMER = "registry-service.rotations";

    private final AgroalDataSource dataSource;
    private final ProcessedEvents processed;

    @Inject
    public RotationEventHandler(AgroalDataSource dataSource, ProcessedEvents processed) {
        this.dataSource = dataSource;
        this.processed = processed;
    }

    /** Applies the event once; the ones the read model does not need (requested, retired) are ignored. */
    @Transactional
    public void handle(CloudEvent<?> event) {
        if (!processed.markIfFirst(event.id(), CONSUMER)) {
            return;
        }
        if (event.data() instanceof RotationIssued e) {
            apply(e.mac(), e.generation(), "issued", e.issuedAt());
        } else if (event.data() instanceof RotationPublished e) {
            apply(e.mac(), e.generation(), "published", e.publishedAt());
        } else if (event.data() instanceof RotationConfirmed e) {
            confirm(e.mac(), e.generation(), e.confirmedAt());
        } else if (event.data() instanceof RotationFailed e && e.reason() != RotationFailureReason.SUPERSEDED) {
            // A superseded request failed nothing: a newer generation answers it, and its own events move the state.
            fail(e.mac(), e.generation(), e.failedAt());
        }
    }

    /** A step of generation g: raises the newest generation, and moves the state if g is the newest. */
    private void apply(String mac, long g, String state, Instant at) {
        execute("UPDATE device SET"
                + " rotation_state = CASE WHEN ? >= coalesce(generation, 0)"
                + "   AND NOT (? = coalesce(generation, 0) AND rotation_state = 'published' AND ? = 'issued')"
                + "   AND ? > coalesce(confirmed_generation, 0) THEN ? ELSE rotation_state END,"
                + " last_rotation_at = CASE WHEN ? > coalesce(generation, 0) THEN ? ELSE last_rotation_at END,"
                + " generation = greatest(coalesce(generation, 0), ?)"
                + " WHERE mac = ?", g, g, state, g, state, g, Timestamp.from(at), g, mac);
    }

    private void confirm(String mac, long g, Instant at) {
        execute("UPDATE device SET"
                + " rotation_state = CASE WHEN ? >= coalesce(generation, 0) THEN 'idle' ELSE rotation_state END,"
                + " confirmed_at = CASE WHEN ? > coalesce(confirmed_generation, 0) THEN ? ELSE confirmed_at END,"
                + " confirmed_generation = greatest(coalesce(confirmed_generation, 0), ?),"
                + " generation = greatest(coalesce(generation, 0), ?),"
                + " state = CASE WHEN state = 'registered' THEN 'active' ELSE state END"
                + " WHERE mac = ?", g, g, Timestamp.from(at), g, g, mac);
    }

    private void fail(String mac, Long g, Instant at) {
        // A failure without a generation (the request never got one) fails the newest rotation.
        long gen = g == null ? Long.MAX_VALUE : g;
        execute("UPDATE device SET rotation_state = 'failed', last_rotation_at = ?"
                + " WHERE mac = ? AND (? >= coalesce(generation, 0)) AND (? > coalesce(confirmed_generation, 0))",
                Timestamp.from(at), mac, gen, gen);
    }

    private void execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RepositoryException("update rotation read model", e);
        }
    }
}
