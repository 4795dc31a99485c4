package io.keyturn.simulator.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

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
        synchronized (this) {
            if (running) {
                throw new IllegalStateException("runUntil called from inside a scheduled task");
            }
            running = true;
        }
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
            synchronized (this) {
                running = false;
                executed += ran;
            }
        }
        return ran;
    }

    /** {@link #runUntil} {@code now() + duration}. */
    public long runFor(Duration duration) {
        return runUntil(now().plus(duration));
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
