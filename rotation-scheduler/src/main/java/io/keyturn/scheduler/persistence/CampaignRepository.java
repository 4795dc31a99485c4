package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.CampaignProgress;
import io.keyturn.scheduler.domain.CampaignSnapshot;
import io.keyturn.scheduler.domain.CampaignState;
import io.keyturn.scheduler.domain.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Campaigns and the progress of each of their devices. */
@ApplicationScoped
public class CampaignRepository {

    /** A device claimed for a request at this tick. */
    public record Claimed(String mac, UUID requestId, Long fromGeneration, boolean active) {
    }

    /** A device whose confirmation deadline passed. */
    public record Overdue(String mac, UUID requestId, Long generation) {
    }

    /** One device's progress in a campaign. */
    public record DeviceProgressRow(String mac, boolean canary, String stage, UUID requestId, Long generation,
                                    Instant requestedAt, Instant issuedAt, Instant publishedAt, Instant confirmedAt,
                                    Instant failedAt, Instant deadlineAt, int ordinal) {
    }

    private static final String OPEN_STAGES = "('pending', 'requested', 'issued', 'published')";
    private static final String IN_FLIGHT = "('requested', 'issued', 'published')";

    private final Sql sql;

    @Inject
    public CampaignRepository(Sql sql) {
        this.sql = sql;
    }

    public void insert(CampaignRow c, List<String> targets) {
        sql.update("""
                INSERT INTO campaign (id, grp, rate_per_minute, canary_percent, stop_limit, stop_window, emergency,
                    include_offline, confirm_within_seconds, zone, windows, state, in_canary, canary_size, total,
                    held_back, status_reason, stop_baseline, tokens, tokens_at, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                c.id(), c.group(), c.rate().perMinute(), c.canaryPercent(), c.stopRule().limit(), c.stopRule().window(),
                c.emergency(), c.includeOffline(), c.confirmWithin().toSeconds(), c.windows().zone().getId(),
                WindowsJson.write(c.windows().windows()), c.state().code(), c.inCanary(), c.canarySize(), c.total(),
                c.heldBack(), c.statusReason(), c.stopBaseline(), c.bucket().tokens(), c.bucket().at(), c.createdBy(),
                c.createdAt(), c.updatedAt());
        List<Object[]> rows = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            rows.add(new Object[] {c.id(), targets.get(i), i, i < c.canarySize()});
        }
        sql.batch("INSERT INTO campaign_device (campaign_id, mac, ordinal, canary, stage) VALUES (?, ?, ?, ?, 'pending')",
                rows);
    }

    public Optional<CampaignRow> find(String id) {
        return sql.one("SELECT * FROM campaign WHERE id = ?", CampaignRow::from, id);
    }

    public Optional<CampaignRow> lock(String id) {
        return sql.one("SELECT * FROM campaign WHERE id = ? FOR UPDATE", CampaignRow::from, id);
    }

    /** Campaigns after sequence {@code afterSeq}, newest first when {@code afterSeq} is null. */
    public List<CampaignRow> page(Long beforeSeq, String state, int limit) {
        return sql.list("SELECT * FROM campaign WHERE seq < ? AND (?::text IS NULL OR state = ?::text)"
                        + " ORDER BY seq DESC LIMIT ?", CampaignRow::from,
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq, state, state, limit);
    }

    public List<String> runningIds() {
        return sql.list("SELECT id FROM campaign WHERE state = 'running' ORDER BY seq", rs -> rs.getString(1));
    }

    public List<String> activeIds() {
        return sql.list("SELECT id FROM campaign WHERE state IN ('running', 'paused', 'halted') ORDER BY seq",
                rs -> rs.getString(1));
    }

    /** How many of {@code macs} are still open (pending or in flight) in a campaign that is not final. */
    public long overlapping(List<String> macs) {
        if (macs.isEmpty()) {
            return 0;
        }
        return sql.count("SELECT count(*) FROM campaign_device d JOIN campaign c ON c.id = d.campaign_id"
                + " WHERE c.state IN ('running', 'paused', 'halted') AND d.stage IN " + OPEN_STAGES
                + " AND d.mac = ANY (?)", (Object) macs.toArray(String[]::new));
    }

    public void setState(String id, CampaignState state, String reason, Instant at) {
        sql.update("UPDATE campaign SET state = ?, status_reason = ?, updated_at = ?,"
                        + " finished_at = CASE WHEN ? THEN ?::timestamptz ELSE finished_at END WHERE id = ?",
                state.code(), reason, at, state.isFinal(), at, id);
    }

    /** Resumes: the stop rule starts counting again from {@code at}. */
    public void resume(String id, Instant at) {
        sql.update("UPDATE campaign SET state = 'running', status_reason = NULL, stop_baseline = ?, updated_at = ?"
                + " WHERE id = ?", at, at, id);
    }

    public void setStatusReason(String id, String reason) {
        sql.update("UPDATE campaign SET status_reason = ? WHERE id = ? AND status_reason IS DISTINCT FROM ?",
                reason, id, reason);
    }

    public void passCanary(String id, Instant at) {
        sql.update("UPDATE campaign SET in_canary = false, updated_at = ? WHERE id = ?", at, id);
    }

    public void saveBucket(String id, TokenBucket bucket) {
        sql.update("UPDATE campaign SET tokens = ?, tokens_at = ? WHERE id = ?", bucket.tokens(), bucket.at(), id);
    }

    /** Cancels every pending device of a campaign; in-flight ones keep going and are still counted. */
    public int cancelPending(String id, Instant at) {
        return sql.update("UPDATE campaign_device SET stage = 'cancelled', failed_at = NULL WHERE campaign_id = ?"
                + " AND stage = 'pending'", id);
    }

    /** Drops a decommissioned device from every campaign that has not requested it yet. */
    public int cancelPendingDevice(String mac) {
        return sql.update("UPDATE campaign_device SET stage = 'cancelled' WHERE mac = ? AND stage = 'pending'", mac);
    }

    /** Marks devices past their confirmation deadline as timed out and returns them. */
    public List<Overdue> timeOut(String id, Instant now) {
        return sql.list("UPDATE campaign_device SET stage = 'timed-out', failed_at = ? WHERE campaign_id = ?"
                        + " AND stage IN " + IN_FLIGHT + " AND deadline_at < ? RETURNING mac, request_id, generation",
                rs -> new Overdue(rs.getString("mac"), rs.getObject("request_id", UUID.class),
                        Sql.nullableLong(rs, "generation")), now, id, now);
    }

    /** The planner's view of a campaign, every count read. */
    public CampaignSnapshot snapshot(CampaignRow c) {
        // One aggregate with filters, not GROUP BY canary: the rows of a campaign just created have no statistics
        // yet, and with GROUP BY PostgreSQL sorted 100,000 of them on disk, 150 ms a tick (EXPLAIN ANALYZE).
        return sql.one("""
                SELECT count(*) FILTER (WHERE canary) AS canary_size,
                       count(*) FILTER (WHERE canary AND stage = 'pending') AS canary_pending,
                       count(*) FILTER (WHERE canary AND stage IN ('requested', 'issued', 'published'))
                           AS canary_in_flight,
                       count(*) FILTER (WHERE canary AND stage IN ('failed', 'timed-out')) AS canary_bad,
                       count(*) AS size,
                       count(*) FILTER (WHERE stage = 'pending') AS pending,
                       count(*) FILTER (WHERE stage IN ('requested', 'issued', 'published')) AS in_flight,
                       count(*) FILTER (WHERE stage IN ('failed', 'timed-out')) AS bad
                FROM campaign_device WHERE campaign_id = ?""", rs -> CampaignSnapshot.counted(c.state(),
                        c.inCanary(),
                        new CampaignSnapshot.Cohort(rs.getInt("canary_size"), rs.getInt("canary_pending"),
                                rs.getInt("canary_in_flight"), rs.getInt("canary_bad")),
                        new CampaignSnapshot.Cohort(rs.getInt("size"), rs.getInt("pending"), rs.getInt("in_flight"),
                                rs.getInt("bad")), recentBad(c)), c.id()).orElseThrow();
    }

    /**
     * The planner's view of a campaign in its waves with devices still pending, read without a pass over the whole
     * campaign; empty when the campaign is in its canary or nothing is pending, where the planner needs every count
     * ({@link #snapshot}).
     *
     * @param pendingWanted how many pending devices the tick could request at most; the count stops there
     */
    public Optional<CampaignSnapshot> wavesSnapshot(CampaignRow c, int pendingWanted) {
        if (c.inCanary()) {
            return Optional.empty();
        }
        int pending = (int) sql.count("SELECT count(*) FROM (SELECT 1 FROM campaign_device WHERE campaign_id = ?"
                + " AND stage = 'pending' LIMIT ?) p", c.id(), Math.max(1, pendingWanted));
        return pending == 0 ? Optional.empty()
                : Optional.of(CampaignSnapshot.waves(c.state(), c.total(), pending, recentBad(c)));
    }

    private int recentBad(CampaignRow c) {
        return (int) sql.count("""
                SELECT count(*) FILTER (WHERE stage IN ('failed', 'timed-out')) FROM (
                    SELECT stage FROM campaign_device WHERE campaign_id = ? AND requested_at IS NOT NULL
                        AND requested_at >= ? ORDER BY requested_at DESC LIMIT ?) recent""",
                c.id(), c.stopBaseline(), c.stopRule().window());
    }

    /**
     * Claims up to {@code n} pending devices, in order, for a request: each row moves from pending to requested in
     * this transaction, with the request id of the event the caller appends in the same transaction. Rows another
     * transaction holds are skipped rather than waited for.
     */
    public List<Claimed> claim(String id, boolean canaryOnly, int n, Instant now, Duration confirmWithin, String by) {
        return sql.list("""
                WITH picked AS (
                    SELECT d.campaign_id, d.mac FROM campaign_device d
                    WHERE d.campaign_id = ? AND d.stage = 'pending' AND (NOT ? OR d.canary)
                    ORDER BY d.canary DESC, d.ordinal LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE campaign_device d SET stage = 'requested', request_id = gen_random_uuid(), requested_at = ?,
                    deadline_at = ?, requested_by = ?, from_generation = v.generation
                FROM picked, device v WHERE d.campaign_id = picked.campaign_id AND d.mac = picked.mac AND v.mac = d.mac
                RETURNING d.mac, d.request_id, d.from_generation AS generation, v.state""",
                rs -> new Claimed(rs.getString("mac"), rs.getObject("request_id", UUID.class),
                        Sql.nullableLong(rs, "generation"), "active".equals(rs.getString("state"))),
                id, canaryOnly, n, now, now.plus(confirmWithin), by);
    }

    public CampaignProgress progress(String id) {
        return sql.one("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE stage = 'pending') AS pending,
                       count(*) FILTER (WHERE stage IN ('requested', 'issued', 'published')) AS in_flight,
                       count(requested_at) AS requested,
                       count(issued_at) AS issued,
                       count(published_at) AS published,
                       count(confirmed_at) AS confirmed,
                       count(*) FILTER (WHERE stage IN ('failed', 'timed-out')) AS failed,
                       count(*) FILTER (WHERE stage = 'cancelled') AS cancelled
                FROM campaign_device WHERE campaign_id = ?""",
                rs -> new CampaignProgress(rs.getInt("total"), rs.getInt("pending"), rs.getInt("in_flight"),
                        rs.getInt("requested"), rs.getInt("issued"), rs.getInt("published"), rs.getInt("confirmed"),
                        rs.getInt("failed"), rs.getInt("cancelled")), id).orElseThrow();
    }

    /** The median time from request to confirmation so far, if anything confirmed. */
    public Optional<Duration> typicalConfirmation(String id) {
        return sql.one("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM confirmed_at - requested_at))
                FROM campaign_device WHERE campaign_id = ? AND confirmed_at IS NOT NULL""",
                rs -> {
                    double s = rs.getDouble(1);
                    return rs.wasNull() ? null : Duration.ofMillis((long) (s * 1000));
                }, id);
    }

    /**
     * In-flight devices that used more than half their time to confirm, oldest first. Every row's deadline is its
     * request time plus the campaign's {@code confirmWithin} (the claim sets both), so a straggler was requested
     * before {@code now - confirmWithin / 2}: that bound lets the read start at the oldest requests in
     * {@code campaign_device_recent} and stop there, where the half-deadline test alone read the whole campaign, on
     * every look at a running one.
     */
    public List<String> stragglers(String id, Instant now, Duration confirmWithin, int limit) {
        return sql.list("SELECT mac FROM campaign_device WHERE campaign_id = ? AND " + STRAGGLING
                + " ORDER BY requested_at LIMIT ?", rs -> rs.getString(1), id, halfway(now, confirmWithin), now, limit);
    }

    /** How many {@link #stragglers} there are. */
    public long stragglerCount(String id, Instant now, Duration confirmWithin) {
        return sql.count("SELECT count(*) FROM campaign_device WHERE campaign_id = ? AND " + STRAGGLING, id,
                halfway(now, confirmWithin), now);
    }

    // The exact test stays beside the bound, so a row with another window is still judged by its own deadline.
    private static final String STRAGGLING = """
            requested_at < ? AND (stage = 'timed-out' OR (stage IN ('requested', 'issued', 'published')
                AND requested_at + (deadline_at - requested_at) / 2 < ?))""";

    private static Instant halfway(Instant now, Duration confirmWithin) {
        return now.minus(confirmWithin.dividedBy(2));
    }

    public List<DeviceProgressRow> devices(String id, String stage, int afterOrdinal, int limit) {
        return sql.list("SELECT * FROM campaign_device WHERE campaign_id = ? AND ordinal > ?"
                        + " AND (?::text IS NULL OR stage = ?::text) ORDER BY ordinal LIMIT ?",
                rs -> new DeviceProgressRow(rs.getString("mac"), rs.getBoolean("canary"), rs.getString("stage"),
                        rs.getObject("request_id", UUID.class), Sql.nullableLong(rs, "generation"),
                        Sql.instant(rs, "requested_at"), Sql.instant(rs, "issued_at"), Sql.instant(rs, "published_at"),
                        Sql.instant(rs, "confirmed_at"), Sql.instant(rs, "failed_at"), Sql.instant(rs, "deadline_at"),
                        rs.getInt("ordinal")),
                id, afterOrdinal, stage, stage, limit);
    }

    // Progress from keyturn.rotations. Each moves a device only forward (DeviceStage.canMoveTo) and fills the
    // timestamps of the steps it implies, so the counters stay nested even when an event was missed.

    public void issued(UUID requestId, String campaignId, String mac, long generation, Instant at) {
        sql.update("""
                UPDATE campaign_device SET stage = 'issued', generation = ?, issued_at = COALESCE(issued_at, ?)
                WHERE stage = 'requested' AND (request_id = ? OR (?::uuid IS NULL AND campaign_id = ? AND mac = ?))""",
                generation, at, requestId, requestId, campaignId, mac);
    }

    public void published(String mac, long generation, Instant at) {
        sql.update("""
                UPDATE campaign_device SET stage = 'published', generation = COALESCE(generation, ?),
                    issued_at = COALESCE(issued_at, ?), published_at = COALESCE(published_at, ?)
                WHERE mac = ? AND stage IN ('requested', 'issued')
                    AND (generation = ? OR (generation IS NULL AND COALESCE(from_generation, 0) < ?))""",
                generation, at, at, mac, generation, generation);
    }

    /** A confirmed generation confirms every open campaign rotation of the device up to it (the chain moved past). */
    public void confirmed(String mac, long generation, Instant at) {
        sql.update("""
                UPDATE campaign_device SET stage = 'confirmed', generation = COALESCE(generation, ?),
                    issued_at = COALESCE(issued_at, ?), published_at = COALESCE(published_at, ?), confirmed_at = ?,
                    failed_at = NULL
                WHERE mac = ? AND stage IN ('requested', 'issued', 'published', 'timed-out')
                    AND (generation <= ? OR (generation IS NULL AND COALESCE(from_generation, 0) < ?))""",
                generation, at, at, at, mac, generation, generation);
    }

    public void failed(UUID requestId, String campaignId, String mac, Instant at) {
        sql.update("""
                UPDATE campaign_device SET stage = 'failed', failed_at = ?
                WHERE stage IN ('requested', 'issued', 'published', 'timed-out')
                    AND (request_id = ? OR (?::uuid IS NULL AND campaign_id = ? AND mac = ?))""",
                at, requestId, requestId, campaignId, mac);
    }
}
