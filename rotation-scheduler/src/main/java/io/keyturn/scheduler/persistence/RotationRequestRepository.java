package io.keyturn.scheduler.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every rotation request this service emitted. */
@ApplicationScoped
public class RotationRequestRepository {

    private final Sql sql;

    @Inject
    public RotationRequestRepository(Sql sql) {
        this.sql = sql;
    }

    public void record(UUID requestId, String mac, String cause, String campaignId, String by, Instant at) {
        sql.update("INSERT INTO rotation_request (request_id, mac, cause, campaign_id, requested_by, requested_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", requestId, mac, cause, campaignId, by, at);
    }

    /** The same, for many requests of one campaign at once. */
    public void recordAll(List<Object[]> rows) {
        sql.batch("INSERT INTO rotation_request (request_id, mac, cause, campaign_id, requested_by, requested_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", rows);
    }
}
