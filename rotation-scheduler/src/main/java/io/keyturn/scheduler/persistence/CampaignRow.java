package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.CampaignState;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.StopRule;
import io.keyturn.scheduler.domain.TokenBucket;
import io.keyturn.scheduler.domain.WindowSchedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A campaign as stored. */
public record CampaignRow(
        long seq, String id, String group, Rate rate, double canaryPercent, StopRule stopRule, boolean emergency,
        boolean includeOffline, Duration confirmWithin, WindowSchedule windows, CampaignState state,
        boolean inCanary, int canarySize, int total, int heldBack, String statusReason, Instant stopBaseline,
        TokenBucket bucket, String createdBy, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    static CampaignRow from(ResultSet rs) throws SQLException {
        Rate rate = new Rate(rs.getInt("rate_per_minute"));
        return new CampaignRow(rs.getLong("seq"), rs.getString("id"), rs.getString("grp"), rate,
                rs.getDouble("canary_percent"), new StopRule(rs.getInt("stop_limit"), rs.getInt("stop_window")),
                rs.getBoolean("emergency"), rs.getBoolean("include_offline"),
                Duration.ofSeconds(rs.getLong("confirm_within_seconds")),
                new WindowSchedule(ZoneId.of(rs.getString("zone")), WindowsJson.read(rs.getString("windows"))),
                CampaignState.fromCode(rs.getString("state")), rs.getBoolean("in_canary"), rs.getInt("canary_size"),
                rs.getInt("total"), rs.getInt("held_back"), rs.getString("status_reason"),
                Sql.instant(rs, "stop_baseline"),
                new TokenBucket(rate, rs.getDouble("tokens"), Sql.instant(rs, "tokens_at")),
                rs.getString("created_by"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "finished_at"));
    }
}
