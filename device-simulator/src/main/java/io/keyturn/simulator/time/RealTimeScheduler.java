package io.keyturn.simulator.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wall-clock time: the same devices as under {@link VirtualScheduler}, but their timers fire when the
 * real clock reaches them, on a small pool of daemon threads. For a demo or a soak test against the
 * running services. A task that throws does not stop the others; the first such failure is kept for
 * {@link #firstFailure()}.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    /** A scheduler on the system clock running tasks on {@code threads} threads. */
    public RealTimeScheduler(int threads) {
        this(Clock.systemUTC(), threads);
    }

    /** A scheduler on {@code clock} running tasks on {@code threads} threads. */
    public RealTimeScheduler(Clock clock, int threads) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreads());
        // Devices reschedule constantly; cancelled timers must not pile up in the queue.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Handle schedule(Instant at, Runnable task) {
        Objects.requireNonNull(task, "task");
        long delay = Math.max(0, Duration.between(now(), at).toMillis());
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                firstFailure.compareAndSet(null, e);
            }
        }, delay, TimeUnit.MILLISECONDS);
        return new Handle() {
            @Override
            public Instant at() {
                return at;
            }

            @Override
            public void cancel() {
                future.cancel(false);
            }
        };
    }

    /** The first exception a task threw, if any: a bug in a device, never a failed resync. */
    public Optional<Throwable> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** Stops the threads; pending timers never fire. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "keyturn-device-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
