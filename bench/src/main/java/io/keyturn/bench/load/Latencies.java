package io.keyturn.bench.load;

import java.util.Arrays;

/** Latencies of one thread in nanoseconds, kept whole (a run has at most a few million), merged for percentiles. */
public final class Latencies {

    private long[] values = new long[4096];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    /** All of {@code parts} in one, sorted. */
    public static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.add(p.values[i]);
            }
        }
        Arrays.sort(all.values, 0, all.size);
        return all;
    }

    /** The {@code q}-quantile (0..1) in milliseconds of a merged (sorted) set; NaN when empty. */
    public double percentileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
        return values[index] / 1e6;
    }
}
