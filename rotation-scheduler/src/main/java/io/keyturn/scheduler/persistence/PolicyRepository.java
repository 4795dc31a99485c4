package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.Eligibility;
import io.keyturn.scheduler.domain.Jitter;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.WindowSchedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rotation policies by group. */
@ApplicationScoped
public class PolicyRepository {

    private final Sql sql;

    @Inject
    public PolicyRepository(Sql sql) {
        this.sql = sql;
    }

    public void put(Policy p, String by, Instant at) {
        sql.update("""
                INSERT INTO policy (grp, cadence_seconds, jitter_percent, zone, windows, max_per_minute,
                    seen_within_seconds, confirm_within_seconds, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                ON CONFLICT (grp) DO UPDATE SET cadence_seconds = EXCLUDED.cadence_seconds,
                    jitter_percent = EXCLUDED.jitter_percent, zone = EXCLUDED.zone, windows = EXCLUDED.windows,
                    max_per_minute = EXCLUDED.max_per_minute, seen_within_seconds = EXCLUDED.seen_within_seconds,
                    confirm_within_seconds = EXCLUDED.confirm_within_seconds, updated_by = EXCLUDED.updated_by,
                    updated_at = EXCLUDED.updated_at""",
                p.group(), p.cadence() == null ? null : p.cadence().toSeconds(), p.jitter().percent(),
                p.windows().zone().getId(), WindowsJson.write(p.windows().windows()), p.maxRate().perMinute(),
                p.eligibility().seenWithin().toSeconds(), p.confirmWithin().toSeconds(), by, at);
    }

    public Optional<Policy> find(String group) {
        return sql.one("SELECT * FROM policy WHERE grp = ?", PolicyRepository::row, group);
    }

    public boolean delete(String group) {
        return sql.update("DELETE FROM policy WHERE grp = ?", group) == 1;
    }

    /** Up to {@code limit} policies after group {@code after} (exclusive) in group order. */
    public List<Policy> page(String after, int limit) {
        return sql.list("SELECT * FROM policy WHERE grp > ? ORDER BY grp LIMIT ?", PolicyRepository::row,
                after == null ? "" : after, limit);
    }

    /** The policy a device of {@code group} follows: the longest group path with a policy, else the defaults. */
    public Policy effectiveFor(String group) {
        List<String> prefixes = new ArrayList<>();
        String g = group;
        while (g != null) {
            prefixes.add(g);
            int slash = g.lastIndexOf('/');
            g = slash < 0 ? null : g.substring(0, slash);
        }
        for (String prefix : prefixes) {
            Optional<Policy> p = find(prefix);
            if (p.isPresent()) {
                return p.get();
            }
        }
        return Policy.defaults(group);
    }

    static Policy row(ResultSet rs) throws SQLException {
        Long cadence = Sql.nullableLong(rs, "cadence_seconds");
        return new Policy(rs.getString("grp"), cadence == null ? null : Duration.ofSeconds(cadence),
                new Jitter(rs.getInt("jitter_percent")),
                new WindowSchedule(ZoneId.of(rs.getString("zone")), WindowsJson.read(rs.getString("windows"))),
                new Rate(rs.getInt("max_per_minute")),
                new Eligibility(Duration.ofSeconds(rs.getLong("seen_within_seconds"))),
                Duration.ofSeconds(rs.getLong("confirm_within_seconds")));
    }
}
