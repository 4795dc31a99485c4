package io.keyturn.scheduler.persistence;

import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Shared token buckets ({@code fleet}, {@code group:<policy group>}), locked for the caller's transaction. */
@ApplicationScoped
public class RateBucketRepository {

    private final Sql sql;

    @Inject
    public RateBucketRepository(Sql sql) {
        this.sql = sql;
    }

    /** The bucket {@code name} under {@code rate}, created full if new, locked until the transaction ends. */
    public TokenBucket lock(String name, Rate rate, Instant now) {
        TokenBucket full = TokenBucket.full(rate, now);
        sql.update("INSERT INTO rate_bucket (name, tokens, at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                name, full.tokens(), full.at());
        return sql.one("SELECT tokens, at FROM rate_bucket WHERE name = ? FOR UPDATE",
                rs -> new TokenBucket(rate, rs.getDouble("tokens"), Sql.instant(rs, "at")), name).orElseThrow();
    }

    public void save(String name, TokenBucket bucket) {
        sql.update("UPDATE rate_bucket SET tokens = ?, at = ? WHERE name = ?", bucket.tokens(), bucket.at(), name);
    }
}
