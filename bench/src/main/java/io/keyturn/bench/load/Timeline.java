package io.keyturn.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Each completed request of a paced run: when it was due ({@link System#nanoTime()}) and its latency from then. It
 * lets a latency be set against what else the machine was doing at that moment ({@link ForeignCpu}).
 */
public final class Timeline {

    private long[] due = new long[4096];
    private long[] latency = new long[4096];
    private int size;

    public void add(long dueNanos, long latencyNanos) {
        if (size == due.length) {
            due = Arrays.copyOf(due, size * 2);
            latency = Arrays.copyOf(latency, size * 2);
        }
        due[size] = dueNanos;
        latency[size] = latencyNanos;
        size++;
    }

    public int size() {
        return size;
    }

    /** All of {@code parts} in one (their order does not matter). */
    static Timeline merge(List<Timeline> parts) {
        Timeline all = new Timeline();
        for (Timeline p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.add(p.due[i], p.latency[i]);
            }
        }
        return all;
    }

    /** The latencies, merged and sorted for percentiles, of the requests whose due time passes {@code dueTest}. */
    public Latencies latenciesWhereDue(LongPredicate dueTest) {
        Latencies chosen = new Latencies();
        for (int i = 0; i < size; i++) {
            if (dueTest.test(due[i])) {
                chosen.add(latency[i]);
            }
        }
        return Latencies.merge(List.of(chosen));
    }
}
