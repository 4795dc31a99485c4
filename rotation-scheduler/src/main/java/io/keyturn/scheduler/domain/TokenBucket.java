package io.keyturn.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A rate limit as a token bucket that refills at {@code rate} and holds at most two seconds' worth (at least one
 * token), so a paused scheduler never comes back with a burst. It is a value: the service stores the state
 * ({@code tokens}, {@code at}) in the database, so a replica that takes over continues the same budget.
 */
public record TokenBucket(Rate rate, double tokens, Instant at) {

    static final Duration BURST = Duration.ofSeconds(2);

    public TokenBucket {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(at, "at");
        tokens = Math.max(0, Math.min(tokens, capacity(rate)));
    }

    /** A full bucket. */
    public static TokenBucket full(Rate rate, Instant now) {
        return new TokenBucket(rate, capacity(rate), now);
    }

    /** The most tokens the bucket holds. */
    public static double capacity(Rate rate) {
        return Math.max(1.0, rate.perMinute() * BURST.toMillis() / 60_000.0);
    }

    /** The bucket refilled up to {@code now} (a clock that went backwards refills nothing), at its rate. */
    public TokenBucket refill(Instant now) {
        if (!now.isAfter(at)) {
            return new TokenBucket(rate, tokens, at);
        }
        double added = rate.perMinute() * Duration.between(at, now).toNanos() / 60e9;
        return new TokenBucket(rate, tokens + added, now);
    }

    /** The same state under another rate (an operator changed it); the tokens are capped to the new capacity. */
    public TokenBucket withRate(Rate newRate) {
        return new TokenBucket(newRate, tokens, at);
    }

    /** Whole tokens available now. */
    public int available() {
        return (int) Math.floor(tokens + 1e-9);
    }

    /** The bucket after taking {@code n} tokens; {@code n} must not exceed {@link #available()}. */
    public TokenBucket take(int n) {
        if (n < 0 || n > available()) {
            throw new IllegalArgumentException("cannot take " + n + " of " + available() + " tokens");
        }
        return new TokenBucket(rate, tokens - n, at);
    }
}
