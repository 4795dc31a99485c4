package io.keyturn.simulator.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Virtual time for a fleet: a priority queue of device wake-ups, run in time order by whoever drives
 * the simulation ({@link #runUntil}, {@link #runFor}). Between wake-ups no time is spent, so thousands
 * of devices live through months of resyncs in seconds of CPU, and a run depends only on its inputs
 * and seeds.
 *
 * <p>Tasks run on the thread that calls {@code runUntil}, one at a time; a task may schedule more
 * tasks, which run in the same call if they fall due before its end. Ties are broken by scheduling
 * order. {@link #schedule} may be called from any thread.
 */
public final class VirtualScheduler implements Scheduler {

    /** Where a simulation starts unless told otherwise: a fixed instant, so runs are reproducible. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final SimulationClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;
    private long executed;
    private boolean running;

    /** A scheduler that moves {@code clock}. */
    public VirtualScheduler(SimulationClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A scheduler with a new clock standing at {@link #DEFAULT_START}. */
    public VirtualScheduler() {
        this(new SimulationClock(DEFAULT_START));
    }

    /** The clock this scheduler moves. */
    public SimulationClock clock() {
        return clock;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public synchronized Handle schedule(Instant at, Runnable task) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(task, "task");
        long due = Math.max(at.toEpochMilli(), clock.millis());
        Entry entry = new Entry(due, sequence++, task);
        queue.add(entry);
        return entry;
    }

    /**
     * Runs every task due up to and including {@code end}, in time order, moving the clock to each
     * task's time; then leaves the clock at {@code end}.
     *
     * @return how many tasks ran
     * @throws IllegalStateException when called from inside a task
     */
    public long runUntil(Instant end) {
        long endMillis = end.toEpochMilli();
        if (endMillis < clock.millis()) {
            throw new IllegalArgumentException("virtual time runs forwards only: " + end + " is before " + now());
        }
        enter();
        long ran = 0;
        try {
            while (true) {
                Entry next;
                synchronized (this) {
                    next = queue.peek();
                    if (next == null || next.due > endMillis) {
                        break;
                    }
                    queue.poll();
                    if (next.cancelled) {
                        continue;
                    }
                }
                clock.advanceTo(Instant.ofEpochMilli(next.due));
                next.task.run();
                ran++;
            }
            clock.advanceTo(end);
        } finally {
            leave(ran);
        }
        return ran;
    }

    private synchronized void enter() {
        if (running) {
            throw new IllegalStateException("runUntil called from inside a scheduled task");
        }
        running = true;
    }

    private synchronized void leave(long ran) {
        running = false;
        executed += ran;
    }

    /** {@link #runUntil} {@code now() + duration}. */
    public long runFor(Duration duration) {
        return runUntil(now().plus(duration));
    }

    /**
     * Runs every task due up to and including {@code end} as {@link #runUntil(Instant)} does, but the tasks due
     * within each {@code slice} of virtual time run together on {@code pool}. A fleet's resyncs are independent of
     * one another (each unit guards its own state) and in real time they mostly wait on the network, so a thousand
     * units step many times faster this way. The price: while a slice runs, the clock stands at the last due time
     * in it, so a task may see the time up to one slice late, and the order within a slice is not reproducible.
     * Tasks that a slice schedules at or before its end run in the next batch.
     *
     * @return how many tasks ran
     * @throws IllegalStateException when called from inside a task
     * @throws RuntimeException the first exception a task threw, after the rest of its slice has finished
     */
    public long runUntil(Instant end, ExecutorService pool, Duration slice) throws InterruptedException {
        Objects.requireNonNull(pool, "pool");
        long endMillis = end.toEpochMilli();
        long sliceMillis = Math.max(1, slice.toMillis());
        if (endMillis < clock.millis()) {
            throw new IllegalArgumentException("virtual time runs forwards only: " + end + " is before " + now());
        }
        enter();
        long ran = 0;
        try {
            while (true) {
                List<Callable<Void>> batch = new ArrayList<>();
                long last;
                synchronized (this) {
                    Entry first = queue.peek();
                    if (first == null || first.due > endMillis) {
                        break;
                    }
                    long sliceEnd = Math.min(endMillis, first.due + sliceMillis - 1);
                    last = first.due;
                    while (!queue.isEmpty() && queue.peek().due <= sliceEnd) {
                        Entry next = queue.poll();
                        if (!next.cancelled) {
                            last = next.due;
                            batch.add(() -> {
                                next.task.run();
                                return null;
                            });
                        }
                    }
                }
                clock.advanceTo(Instant.ofEpochMilli(last));
                RuntimeException failure = null;
                for (Future<Void> done : pool.invokeAll(batch)) {
                    try {
                        done.get();
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                        }
                    }
                }
                ran += batch.size();
                if (failure != null) {
                    throw failure;
                }
            }
            clock.advanceTo(end);
        } finally {
            leave(ran);
        }
        return ran;
    }

    /** {@link #runUntil(Instant, ExecutorService, Duration)} {@code now() + duration}. */
    public long runFor(Duration duration, ExecutorService pool, Duration slice) throws InterruptedException {
        return runUntil(now().plus(duration), pool, slice);
    }

    /** Runs what is due now, without moving the clock. */
    public long runDue() {
        return runUntil(now());
    }

    /** Tasks waiting to run, not counting cancelled ones. */
    public synchronized int pending() {
        int live = 0;
        for (Entry e : queue) {
            if (!e.cancelled) {
                live++;
            }
        }
        return live;
    }

    /** How many tasks have run since this scheduler was made. */
    public synchronized long executed() {
        return executed;
    }

    /** When the next live task is due, if any. */
    public synchronized Optional<Instant> nextDue() {
        // Cancelled entries are dropped lazily; skip them here without disturbing the queue order.
        return queue.stream().filter(e -> !e.cancelled).min(Entry::compareTo).map(Entry::at);
    }

    private static final class Entry implements Comparable<Entry>, Handle {
        final long due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int byTime = Long.compare(due, o.due);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }

        @Override
        public Instant at() {
            return Instant.ofEpochMilli(due);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
