package io.keyturn.simulator.time;

import java.time.Instant;

/**
 * Where simulated devices keep their timers: the virtual {@link VirtualScheduler}, which a runner
 * advances through months in seconds, or the {@link RealTimeScheduler}, which fires on the wall clock.
 * A device sees only this interface, so the same device code runs under both.
 */
public interface Scheduler {

    /** The current time, virtual or real. */
    Instant now();

    /**
     * Runs {@code task} at {@code at}; a time already past means as soon as possible. Tasks due at the
     * same instant run in the order they were scheduled.
     */
    Handle schedule(Instant at, Runnable task);

    /** A scheduled task, which may be cancelled until it has started. */
    interface Handle {

        /** When the task is due. */
        Instant at();

        /** Stops the task from running; does nothing once it has run or was cancelled. */
        void cancel();
    }
}
