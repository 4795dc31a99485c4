package io.keyturn.delivery.fetch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address for misses (a path with nothing to serve, a refused request). A device asks
 * for a handful of paths that exist, so a source that keeps missing is guessing directories or scanning. While its
 * bucket is empty every request from it is refused before any lookup, so guessing gets no faster than the refill
 * rate, and the store is not hammered. Hits cost nothing, so a building behind one NAT address is not limited by
 * its devices' normal fetches.
 *
 * <p>Buckets of sources that have been quiet long enough to be full again are dropped by {@link #sweep}, so the
 * map holds only sources that missed recently. Thread-safe; a bucket is a small synchronised object.
 */
public final class MissLimiter {

    /** What a miss did to its source's bucket. */
    public enum Verdict {
        /** Within the budget: report the miss as usual. */
        ALLOWED,
        /** This miss emptied the bucket: report that the source is now rate-limited. */
        NOW_LIMITED,
        /** The source was already limited. */
        LIMITED
    }

    private final int burst;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param burst misses a source may make at once, at least 1
     * @param perMinute misses per minute the bucket refills, at least 1
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public MissLimiter(int burst, int perMinute, LongSupplier nanoClock) {
        if (burst < 1 || perMinute < 1) {
            throw new IllegalArgumentException("burst and perMinute must be at least 1");
        }
        this.burst = burst;
        this.tokensPerNano = perMinute / 60e9;
        this.nanoClock = nanoClock;
    }

    /** Whether requests from {@code source} are refused now (its bucket holds less than one token). */
    public boolean isLimited(String source) {
        Bucket b = buckets.get(source);
        return b != null && b.tokens(nanoClock.getAsLong()) < 1;
    }

    /** Counts one miss from {@code source}. */
    public Verdict miss(String source) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
        return b.take(now);
    }

    /** Drops the buckets that have refilled completely; returns how many remain. */
    public int sweep() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(b -> b.tokens(now) >= burst);
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized double tokens(long now) {
            refill(now);
            return tokens;
        }

        synchronized Verdict take(long now) {
            refill(now);
            if (tokens < 1) {
                return Verdict.LIMITED;
            }
            tokens -= 1;
            return tokens < 1 ? Verdict.NOW_LIMITED : Verdict.ALLOWED;
        }

        private void refill(long now) {
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
                refilledAt = now;
            }
        }
    }
}
