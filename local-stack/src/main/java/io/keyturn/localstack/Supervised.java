package io.keyturn.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One component kept running like a Kubernetes Deployment keeps a pod: started, watched, and restarted with
 * {@link Backoff} when it dies, until {@link #stop} is called. While {@code hold/<name>} exists in the data
 * directory a dead component stays down (for maintenance, or to take the broker away in a chaos test).
 */
final class Supervised {

    /** A running instance of the component. */
    interface Instance {
        long pid();

        /** Blocks until the instance ends; the exit code where the OS gives one (not for a non-child). */
        OptionalInt awaitExit() throws InterruptedException;

        /** Asks the instance to stop, waits up to {@code grace}, then kills it. */
        void stop(Duration grace);
    }

    interface Starter {
        Instance start() throws Exception;
    }

    /** What the supervisor is told, to print and to record in stack.properties. */
    interface Events {
        void started(Supervised component, Instance instance, int restarts);

        void exited(Supervised component, OptionalInt code, Duration restartIn, int restarts);

        void failedToStart(Supervised component, Exception cause, Duration retryIn);
    }

    private final String name;
    private final Starter starter;
    private final Path holdFile;
    private final Events events;
    private final Backoff backoff = new Backoff();
    private final CountDownLatch firstStart = new CountDownLatch(1);
    private final Thread watcher;

    private volatile boolean stopping;
    private volatile Instance current;
    private volatile Exception firstFailure;
    private volatile int restarts;

    Supervised(String name, Starter starter, Path holdFile, Events events) {
        this.name = name;
        this.starter = starter;
        this.holdFile = holdFile;
        this.events = events;
        this.watcher = new Thread(this::superviseLoop, "supervise-" + name);
        this.watcher.setDaemon(true);
    }

    String name() {
        return name;
    }

    int restarts() {
        return restarts;
    }

    /** The running instance's pid, or -1 between instances. */
    long pid() {
        Instance instance = current;
        return instance == null ? -1 : instance.pid();
    }

    /**
     * Starts the first instance on the calling thread, so that a component that cannot start at all is reported
     * at once, then watches it on a thread of its own.
     */
    void start() throws Exception {
        current = starter.start();
        events.started(this, current, 0);
        firstStart.countDown();
        watcher.start();
    }

    /** Stops watching, then stops the instance (SIGTERM, then SIGKILL after {@code grace}). */
    void stop(Duration grace) {
        stopping = true;
        watcher.interrupt();
        Instance instance = current;
        if (instance != null) {
            instance.stop(grace);
        }
        try {
            watcher.join(grace.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A restart racing with stop() may have brought up one more instance: stop that too.
        Instance last = current;
        if (last != null && last != instance) {
            last.stop(grace);
        }
    }

    private void superviseLoop() {
        try {
            while (!stopping) {
                Instance instance = current;
                Instant startedAt = Instant.now();
                OptionalInt code = instance.awaitExit();
                if (stopping) {
                    return;
                }
                current = null;
                Duration delay = backoff.afterExit(Duration.between(startedAt, Instant.now()));
                events.exited(this, code, delay, restarts + 1);
                restartAfter(delay);
            }
        } catch (InterruptedException e) {
            // stop() interrupts us; the instance is stopped there.
        }
    }

    private void restartAfter(Duration delay) throws InterruptedException {
        while (!stopping) {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
            while (!stopping && Files.exists(holdFile)) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            if (stopping) {
                return;
            }
            try {
                Instance instance = starter.start();
                restarts++;
                current = instance;
                events.started(this, instance, restarts);
                if (stopping) {
                    instance.stop(Duration.ofSeconds(20));
                }
                return;
            } catch (Exception e) {
                delay = backoff.afterExit(Duration.ZERO);
                events.failedToStart(this, e, delay);
            }
        }
    }
}
