package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The devices a policy's cadence may rotate. */
@ApplicationScoped
public class ScheduleRepository {

    /** A device the cadence may be due for. */
    public record Candidate(String mac, Long generation, Instant lastRotationAt, Instant lastSeenAt) {
    }

    private final Sql sql;

    @Inject
    public ScheduleRepository(Sql sql) {
        this.sql = sql;
    }

    /** Policies with a cadence, in group order. */
    public List<Policy> withCadence() {
        return sql.list("SELECT * FROM policy WHERE cadence_seconds IS NOT NULL ORDER BY grp", PolicyRepository::row);
    }

    /**
     * Active devices that follow {@code policy} (in its group, not under a longer group with a policy of its own),
     * last rotated before {@code rotatedBefore} (the earliest the jitter can make them due), with no open campaign
     * row and no request since their last confirmation that is still within its confirmation time. Devices never
     * confirmed are left to their first rotation. Oldest rotation first, at most {@code limit}.
     */
    public List<Candidate> candidates(Policy policy, Instant rotatedBefore, Instant now, Duration confirmWithin,
                                      int limit) {
        return sql.list("""
                SELECT d.mac, d.generation, d.last_rotation_at, d.last_seen_at FROM device d
                WHERE d.state = 'active' AND (d.grp = ? OR d.grp LIKE ?)
                  AND d.last_rotation_at IS NOT NULL AND d.last_rotation_at < ?
                  AND NOT EXISTS (SELECT 1 FROM policy p WHERE length(p.grp) > length(?)
                                  AND (d.grp = p.grp OR d.grp LIKE replace(replace(p.grp, '%', '\\%'), '_', '\\_') || '/%'))
                  AND NOT EXISTS (SELECT 1 FROM campaign_device cd JOIN campaign c ON c.id = cd.campaign_id
                                  WHERE cd.mac = d.mac AND c.state IN ('running', 'paused', 'halted')
                                  AND cd.stage IN ('pending', 'requested', 'issued', 'published'))
                  AND NOT EXISTS (SELECT 1 FROM rotation_request r WHERE r.mac = d.mac
                                  AND r.requested_at > d.last_rotation_at AND r.requested_at > ?)
                ORDER BY d.last_rotation_at LIMIT ?""",
                rs -> new Candidate(rs.getString("mac"), Sql.nullableLong(rs, "generation"),
                        Sql.instant(rs, "last_rotation_at"), Sql.instant(rs, "last_seen_at")),
                policy.group(), DeviceRepository.likePrefix(policy.group()), rotatedBefore, policy.group(),
                now.minus(confirmWithin), limit);
    }
}
