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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps each device's rotation read model from {@code keyturn.rotations}: newest generation issued, newest confirmed,
 * and where the newest rotation stands. The generations only move forward, so an event of an older generation that
 * arrives late changes nothing.
 *
 * <p>The rotation state is not as forgiving: a {@code rotation.published} of generation g sent again after g failed
 * would move the state back from {@code failed} to {@code published}. So every event that has an effect is marked in
 * the inbox ({@link ProcessedEvents}) in the transaction of its effect, and applied only the first time. The events
 * the read model does not use (requested, retired, superseded failures) have no effect to repeat: they are neither
 * marked nor written, and never cost a transaction.
 */
@ApplicationScoped
public class RotationEventHandler {

    static final String CONSUMER = "registry-service.rotations";

    /**
     * One event's effect on its device row, the same statement for every kind so that a batch of them is one JDBC
     * batch, executed in order. Each column's CASE is the rule of its kind; the state written is the kind's name
     * (issued, published, failed) or idle for a confirmation. The WHERE leaves out a failure of a generation that is
     * no longer the newest rotation, so it writes nothing.
     */
    private static final String APPLY = "UPDATE device d SET"
            + " rotation_state = CASE"
            + "   WHEN e.kind = 'confirmed' THEN"
            + "     CASE WHEN e.g >= coalesce(d.generation, 0) THEN 'idle' ELSE d.rotation_state END"
            // A step of generation g moves the state if g is the newest and not confirmed yet; a late issued of the
            // newest generation does not undo its published.
            + "   WHEN e.g >= coalesce(d.generation, 0) AND e.g > coalesce(d.confirmed_generation, 0)"
            + "     AND NOT (e.kind = 'issued' AND e.g = coalesce(d.generation, 0) AND d.rotation_state = 'published')"
            + "     THEN e.kind"
            + "   ELSE d.rotation_state END,"
            + " last_rotation_at = CASE"
            + "   WHEN e.kind = 'confirmed' THEN d.last_rotation_at"
            + "   WHEN e.kind = 'failed' OR e.g > coalesce(d.generation, 0) THEN e.at"
            + "   ELSE d.last_rotation_at END,"
            + " confirmed_at = CASE WHEN e.kind = 'confirmed' AND e.g > coalesce(d.confirmed_generation, 0)"
            + "   THEN e.at ELSE d.confirmed_at END,"
            + " confirmed_generation = CASE WHEN e.kind = 'confirmed'"
            + "   THEN greatest(coalesce(d.confirmed_generation, 0), e.g) ELSE d.confirmed_generation END,"
            + " generation = CASE WHEN e.kind = 'failed' THEN d.generation"
            + "   ELSE greatest(coalesce(d.generation, 0), e.g) END,"
            + " state = CASE WHEN e.kind = 'confirmed' AND d.state = 'registered' THEN 'active' ELSE d.state END"
            + " FROM (SELECT ?::text AS kind, ?::bigint AS g, ?::timestamptz AS at) e"
            + " WHERE d.mac = ? AND (e.kind <> 'failed'"
            + "   OR (e.g >= coalesce(d.generation, 0) AND e.g > coalesce(d.confirmed_generation, 0)))";

    private final AgroalDataSource dataSource;
    private final ProcessedEvents processed;

    @Inject
    public RotationEventHandler(AgroalDataSource dataSource, ProcessedEvents processed) {
        this.dataSource = dataSource;
        this.processed = processed;
    }

    /** What one event does to the read model. */
    private record Step(UUID eventId, String mac, String kind, long generation, Instant at) {
    }

    /** Whether the read model uses the event at all; the others are skipped without a trace. */
    public static boolean handles(CloudEvent<?> event) {
        return step(event) != null;
    }

    private static Step step(CloudEvent<?> event) {
        Object d = event.data();
        if (d instanceof RotationIssued e) {
            return new Step(event.id(), e.mac(), "issued", e.generation(), e.issuedAt());
        } else if (d instanceof RotationPublished e) {
            return new Step(event.id(), e.mac(), "published", e.generation(), e.publishedAt());
        } else if (d instanceof RotationConfirmed e) {
            return new Step(event.id(), e.mac(), "confirmed", e.generation(), e.confirmedAt());
        } else if (d instanceof RotationFailed e && e.reason() != RotationFailureReason.SUPERSEDED) {
            // A superseded request failed nothing: a newer generation answers it, and its own events move the state.
            // A failure without a generation (the request never got one) fails the newest rotation.
            return new Step(event.id(), e.mac(), "failed", e.generation() == null ? Long.MAX_VALUE : e.generation(),
                    e.failedAt());
        }
        return null;
    }

    /**
     * Applies a batch in one transaction: one inbox statement for all of it, then each event seen for the first time
     * (once, however often it appears), as one JDBC batch of updates. The final state is that of the events applied
     * one by one: each update touches its own device's row only, and one device's events keep their order.
     */
    @Transactional
    public void handleAll(List<CloudEvent<?>> events) {
        List<Step> steps = new ArrayList<>(events.size());
        for (CloudEvent<?> event : events) {
            Step step = step(event);
            if (step != null) {
                steps.add(step);
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        Set<UUID> first = processed.markAllIfFirst(steps.stream().map(Step::eventId).toList(), CONSUMER);
        if (first.isEmpty()) {
            return;
        }
        // Rows are locked in MAC order, so two batches that share devices (a replica taking over partitions while
        // the old owner still writes) never deadlock; the sort is stable, so each device's events keep their order.
        steps.sort(Comparator.comparing(Step::mac));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(APPLY)) {
            for (Step s : steps) {
                if (first.remove(s.eventId())) {
                    ps.setString(1, s.kind());
                    ps.setLong(2, s.generation());
                    ps.setObject(3, OffsetDateTime.ofInstant(s.at(), ZoneOffset.UTC));
                    ps.setString(4, s.mac());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new RepositoryException("update rotation read model", e);
        }
    }
}
