package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.Preflight;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scheduler's read model of devices (CONTRACTS.md, "Read models"). */
@ApplicationScoped
public class DeviceRepository {

    /** One device as the scheduler knows it. */
    public record DeviceRow(String mac, long version, String group, String model, String tenant, String state,
                            Long generation, Long confirmedGeneration, Instant lastSeenAt, Instant lastRotationAt) {
    }

    private final Sql sql;

    @Inject
    public DeviceRepository(Sql sql) {
        this.sql = sql;
    }

    /** Applies a registration or update unless a newer version was applied already. */
    public void upsert(String mac, long version, String group, String model, String tenant) {
        sql.update("""
                INSERT INTO device (mac, version, grp, model, tenant, state) VALUES (?, ?, ?, ?, ?, 'active')
                ON CONFLICT (mac) DO UPDATE SET version = EXCLUDED.version, grp = EXCLUDED.grp,
                    model = EXCLUDED.model, tenant = EXCLUDED.tenant,
                    state = CASE WHEN device.state = 'decommissioned' THEN device.state ELSE 'active' END,
                    updated_at = now()
                WHERE device.version < EXCLUDED.version""", mac, version, group, model, tenant);
    }

    /** Marks the device decommissioned (for good: a later, reordered update does not revive it). */
    public void decommission(String mac, long version) {
        sql.update("""
                INSERT INTO device (mac, version, state) VALUES (?, ?, 'decommissioned')
                ON CONFLICT (mac) DO UPDATE SET version = GREATEST(device.version, EXCLUDED.version),
                    state = 'decommissioned', updated_at = now()""", mac, version);
    }

    public void recordIssued(String mac, long generation) {
        sql.update("""
                INSERT INTO device (mac, version, state, generation) VALUES (?, 0, 'unknown', ?)
                ON CONFLICT (mac) DO UPDATE SET generation = GREATEST(device.generation, EXCLUDED.generation),
                    updated_at = now()""", mac, generation);
    }

    public void recordConfirmed(String mac, long generation, Instant at) {
        sql.update("""
                INSERT INTO device (mac, version, state, generation, confirmed_generation, last_rotation_at)
                VALUES (?, 0, 'unknown', ?, ?, ?)
                ON CONFLICT (mac) DO UPDATE SET
                    generation = GREATEST(device.generation, EXCLUDED.generation),
                    confirmed_generation = GREATEST(device.confirmed_generation, EXCLUDED.confirmed_generation),
                    last_rotation_at = GREATEST(device.last_rotation_at, EXCLUDED.last_rotation_at),
                    updated_at = now()""", mac, generation, generation, at);
    }

    private static final String RECORD_SEEN = """
            INSERT INTO device (mac, version, state, last_seen_at) VALUES (?, 0, 'unknown', ?)
            ON CONFLICT (mac) DO UPDATE SET last_seen_at = GREATEST(device.last_seen_at, EXCLUDED.last_seen_at)
            WHERE device.last_seen_at IS NULL OR device.last_seen_at < EXCLUDED.last_seen_at""";

    public void recordSeen(String mac, Instant at) {
        sql.update(RECORD_SEEN, mac, at);
    }

    /** {@link #recordSeen(String, Instant)} for each device and time, in the given order, as one JDBC batch. */
    public void recordSeen(List<Map.Entry<String, Instant>> seen) {
        sql.batch(RECORD_SEEN, seen.stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList());
    }

    public Optional<DeviceRow> find(String mac) {
        return sql.one("SELECT * FROM device WHERE mac = ?", DeviceRepository::row, mac);
    }

    /** Locks the device row, so requests for one device are serialised (and the outbox keeps their order). */
    public Optional<DeviceRow> lock(String mac) {
        return sql.one("SELECT * FROM device WHERE mac = ? FOR UPDATE", DeviceRepository::row, mac);
    }

    /** Whether any registered device (active or not) sits in {@code group} or below it. */
    public boolean groupExists(String group) {
        return sql.count("SELECT count(*) FROM (SELECT 1 FROM device WHERE version > 0 AND (grp = ? OR grp LIKE ?)"
                + " LIMIT 1) x", group, likePrefix(group)) > 0;
    }

    /** Active devices in {@code group} or below it, in MAC order. */
    public List<Preflight.Candidate> candidates(String group) {
        return sql.list("SELECT mac, last_seen_at FROM device WHERE state = 'active' AND (grp = ? OR grp LIKE ?)"
                        + " ORDER BY mac",
                rs -> new Preflight.Candidate(rs.getString("mac"), Sql.instant(rs, "last_seen_at")),
                group, likePrefix(group));
    }

    static String likePrefix(String group) {
        return group.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
    }

    static DeviceRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeviceRow(rs.getString("mac"), rs.getLong("version"), rs.getString("grp"), rs.getString("model"),
                rs.getString("tenant"), rs.getString("state"), Sql.nullableLong(rs, "generation"),
                Sql.nullableLong(rs, "confirmed_generation"), Sql.instant(rs, "last_seen_at"),
                Sql.instant(rs, "last_rotation_at"));
    }
}
