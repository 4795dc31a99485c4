package io.keyturn.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code keyturn.platform.outbox.*}: how the relay moves outbox rows to Kafka. */
@ConfigMapping(prefix = "keyturn.platform.outbox")
public interface OutboxConfig {

    /** Whether this replica runs the relay; the writer works either way. */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * Pause between two polls when the outbox was drained (read by the relay's {@code @Scheduled}); Quarkus'
     * scheduler runs nothing more often than once a second, so shorter values act as 1 s.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * After the relay drains the outbox, how often it looks again before its next scheduled poll; zero (the default)
     * waits for that poll. A look that finds nothing doubles the wait, up to 16 intervals; one that finds events
     * brings it back. For a service that writes a steady stream (delivery's fetch log): a poll a second relayed a
     * second's worth of events in one burst, which took the cores from the requests for tens of milliseconds.
     */
    @WithDefault("0s")
    Duration followInterval();

    /** Rows sent per transaction; a full batch is followed at once by the next. */
    @WithDefault("100")
    @Min(1)
    @Max(10_000)
    int batchSize();

    /**
     * The relay producer's {@code compression.type}: none, gzip, snappy, lz4 or zstd. lz4 by default: the events
     * are JSON, which it shrinks several times for little CPU, so the broker writes (and its consumers fetch) that
     * much less; on data it cannot shrink, such as ciphertext, it gives up quickly.
     */
    @WithDefault("lz4")
    @jakarta.validation.constraints.Pattern(regexp = "none|gzip|snappy|lz4|zstd")
    String compression();

    /** How long one batch waits for the broker's acknowledgements before it is left for the next poll. */
    @WithDefault("10s")
    Duration sendTimeout();

    /**
     * How long published rows are kept (for audit and replay by hand) before the relay deletes them. Zero deletes
     * each row in the transaction that saw the broker acknowledge it: the cheapest for the database, for a service
     * whose changes are recorded elsewhere; the event id then no longer refuses a second append of the same event
     * once the first is published (consumers are idempotent either way).
     */
    @WithDefault("P7D")
    Duration retention();

    /**
     * How often the relay deletes expired rows. Expiry is not due every poll: a minute's delay in deleting week-old
     * rows costs nothing, and a sweep reads at least the head of the table.
     */
    @WithDefault("1m")
    Duration expiryInterval();
}
