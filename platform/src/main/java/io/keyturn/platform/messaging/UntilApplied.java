package io.keyturn.platform.messaging;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Applies consumed events until they are applied, with back-off: a handler failure that is not the event's fault is
 * the database being away (a restart, a failover). Skipping the event would commit its offset and lose its effect;
 * rethrowing fails the messaging channel for good (readiness DOWN until someone restarts the service; the chaos run
 * found it on a PostgreSQL restart). So the partition waits, and the log says so with growing urgency.
 */
public final class UntilApplied {

    private static final Logger LOG = Logger.getLogger(UntilApplied.class);
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    /** Attempts after which a failure is logged as an error: about a minute of back-off. */
    private static final int QUIET_ATTEMPTS = 12;

    private UntilApplied() {
    }

    /**
     * Runs {@code apply} until it returns, sleeping 200 ms, 400 ms, ... up to 10 s between attempts.
     *
     * @param what the event, for the log (type and id; never its data)
     * @throws RuntimeException the last failure, when the thread is interrupted (the service is stopping)
     */
    public static void run(String what, Runnable apply) {
        get(what, () -> {
            apply.run();
            return null;
        });
    }

    /** As {@link #run}, for work that answers something (which events of a batch need handling, say). */
    public static <T> T get(String what, Supplier<T> apply) {
        for (int attempt = 1; ; attempt++) {
            try {
                return apply.get();
            } catch (RuntimeException e) {
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(attempt, 10));
                if (attempt < QUIET_ATTEMPTS) {
                    LOG.warnf("Applying %s failed (attempt %d), retrying in %d ms: %s", what, attempt, backoff,
                            e.getClass().getName());
                } else {
                    LOG.errorf("Applying %s still fails (attempt %d), its partition waits; retrying in %d ms: %s",
                            what, attempt, backoff, e.getClass().getName());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Applies a polled batch in one go ({@code applyAll}, one transaction); if that fails, applies each element alone
     * ({@code applyOne}), in order, each {@linkplain #run until applied}. One element the batch cannot take (a
     * deadlock, a row it cannot apply) thus holds up only itself, and a database that is away holds up the partition
     * rather than losing the batch. {@code applyAll} must leave nothing behind when it throws (a rolled-back
     * transaction), since every element is applied again.
     *
     * @param describe an element for the log (type and id; never its data)
     */
    public static <T> void batchElseEach(List<T> batch, Consumer<List<T>> applyAll, Function<T, String> describe,
                                         Consumer<T> applyOne) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            applyAll.accept(batch);
        } catch (RuntimeException batchFailure) {
            LOG.warnf("A batch of %d events failed (%s); applying them one at a time", batch.size(),
                    batchFailure.getClass().getName());
            for (T element : batch) {
                run(describe.apply(element), () -> applyOne.accept(element));
            }
        }
    }
}
