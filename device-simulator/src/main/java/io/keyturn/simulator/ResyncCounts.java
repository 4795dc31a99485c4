package io.keyturn.simulator;

import io.keyturn.protocol.rule.UrlScheme;
import java.util.Locale;

/**
 * Counters of one device, or summed over a fleet: resyncs by reason, fetches by scheme, successful
 * and failed resyncs, failures by kind. Instances handed out are snapshots; only the owning device
 * updates its own, under its lock.
 */
public final class ResyncCounts {

    /** All zero. */
    public static final ResyncCounts ZERO = new ResyncCounts();

    private final long[] resyncs = new long[ResyncReason.values().length];
    private final long[] fetches = new long[UrlScheme.values().length];
    private final long[] failures = new long[ResyncFailure.Kind.values().length];
    private long succeeded;
    private long fileNotFoundAccepted;

    ResyncCounts() {
    }

    void countResync(ResyncReason reason) {
        resyncs[reason.ordinal()]++;
    }

    void countFetch(UrlScheme scheme) {
        fetches[scheme.ordinal()]++;
    }

    void countSuccess() {
        succeeded++;
    }

    void countFailure(ResyncFailure.Kind kind) {
        failures[kind.ordinal()]++;
    }

    void countFileNotFoundAccepted() {
        fileNotFoundAccepted++;
    }

    /** Resyncs started, whatever their outcome (a resync with Provision_Enable No is not counted). */
    public long resyncs() {
        return sum(resyncs);
    }

    /** Resyncs started for this reason. */
    public long resyncs(ResyncReason reason) {
        return resyncs[reason.ordinal()];
    }

    /** Fetches attempted over all schemes, including those that failed. */
    public long fetches() {
        return sum(fetches);
    }

    /** Fetches attempted over this scheme. */
    public long fetches(UrlScheme scheme) {
        return fetches[scheme.ordinal()];
    }

    /** Resyncs whose whole sequence succeeded. */
    public long successes() {
        return succeeded;
    }

    /** Resyncs that failed. */
    public long failures() {
        return sum(failures);
    }

    /** Resyncs that failed this way. */
    public long failures(ResyncFailure.Kind kind) {
        return failures[kind.ordinal()];
    }

    /** File-not-found answers treated as success because Resync_Fails_On_FNF is No. */
    public long fileNotFoundAccepted() {
        return fileNotFoundAccepted;
    }

    /** A new snapshot holding the sum of this and {@code other}. */
    public ResyncCounts plus(ResyncCounts other) {
        ResyncCounts sum = copy();
        add(sum.resyncs, other.resyncs);
        add(sum.fetches, other.fetches);
        add(sum.failures, other.failures);
        sum.succeeded += other.succeeded;
        sum.fileNotFoundAccepted += other.fileNotFoundAccepted;
        return sum;
    }

    ResyncCounts copy() {
        ResyncCounts c = new ResyncCounts();
        System.arraycopy(resyncs, 0, c.resyncs, 0, resyncs.length);
        System.arraycopy(fetches, 0, c.fetches, 0, fetches.length);
        System.arraycopy(failures, 0, c.failures, 0, failures.length);
        c.succeeded = succeeded;
        c.fileNotFoundAccepted = fileNotFoundAccepted;
        return c;
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ResyncCounts[resyncs=").append(resyncs())
                .append(", succeeded=").append(succeeded).append(", failed=").append(failures());
        for (UrlScheme s : UrlScheme.values()) {
            out.append(", ").append(s.scheme()).append('=').append(fetches(s));
        }
        for (ResyncFailure.Kind k : ResyncFailure.Kind.values()) {
            if (failures(k) > 0) {
                out.append(", ").append(k.name().toLowerCase(Locale.ROOT)).append('=').append(failures(k));
            }
        }
        return out.append(']').toString();
    }
}
