package io.keyturn.localstack;

import java.time.Duration;

/**
 * How long to wait before restarting a process that died, like a Kubernetes Deployment's CrashLoopBackOff:
 * 1 s, doubling up to 30 s for a process that keeps dying, and back to 1 s once one has run for a minute.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofMinutes(1);

    private int consecutiveFailures;

    /** The delay before the next start, given how long the process that just exited had run. */
    Duration afterExit(Duration ranFor) {
        if (ranFor.compareTo(STABLE_AFTER) >= 0) {
            consecutiveFailures = 0;
        }
        Duration delay = FIRST.multipliedBy(1L << Math.min(consecutiveFailures, 5));
        consecutiveFailures++;
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
