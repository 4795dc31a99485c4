package io.keyturn.bench.cases;

import io.keyturn.bench.load.HttpLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The CPU a server spent per request over the rounds it was measured in: its process's CPU time before and after
 * each round, divided by the requests the round completed. On a machine the load generator shares, throughput
 * swings with whatever else the cores did (nginx's keep-alive rounds went 26,000-40,000 req/s in one run); the CPU
 * each request cost the server swings far less, and says what the throughput ratio is made of.
 */
final class CpuPerRequest {

    private final DoubleSupplier cpuSeconds;
    private final List<Double> micros = new ArrayList<>();

    /** @param cpuSeconds the server's CPU time so far, in seconds; NaN when it cannot be read */
    CpuPerRequest(DoubleSupplier cpuSeconds) {
        this.cpuSeconds = cpuSeconds;
    }

    /** Runs {@code round}, keeping its CPU per request (none when the CPU time could not be read). */
    HttpLoad.Result counting(Alternation.Round round, int i) throws Exception {
        double before = cpuSeconds.getAsDouble();
        HttpLoad.Result result = round.run(i);
        double after = cpuSeconds.getAsDouble();
        if (!Double.isNaN(before) && !Double.isNaN(after) && after >= before && result.completed() > 0) {
            micros.add((after - before) * 1e6 / result.completed());
        }
        return result;
    }

    /** The median of the rounds' CPU per request, in µs; NaN when no round could be measured. */
    double medianMicros() {
        if (micros.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The rounds' CPU per request as measured, in µs, in the order they ran. */
    List<Double> rounds() {
        return List.copyOf(micros);
    }

    /**
     * The row's note: each side's median CPU per request and what the anchor's is of delivery's (the throughput ratio
     * those costs alone would give on saturated cores); null when delivery's could not be measured. {@code broker}
     * (may be null) is what the Kafka broker spent per request over delivery's rounds: mostly the fetch events, which
     * run outside delivery's process on the same cores and which nginx's access log does not have, plus the broker's
     * own background (about 0.6 µs per request at 30,000 req/s here). The anchor's cost is then given against
     * delivery's alone and against the two together.
     */
    static String note(CpuPerRequest delivery, CpuPerRequest broker, CpuPerRequest anchor) {
        double ours = delivery.medianMicros();
        if (Double.isNaN(ours)) {
            return null;
        }
        String s = String.format(Locale.ROOT, "server CPU per request (median of rounds): delivery %.1f µs", ours);
        double events = broker == null ? Double.NaN : broker.medianMicros();
        if (!Double.isNaN(events)) {
            s += String.format(Locale.ROOT,
                    ", and the Kafka broker beside it %.1f µs (mostly delivery's fetch events)", events);
        }
        double theirs = anchor == null ? Double.NaN : anchor.medianMicros();
        if (Double.isNaN(theirs)) {
            return s;
        }
        s += String.format(Locale.ROOT, ", the anchor %.1f µs (%.2f of delivery's", theirs, theirs / ours);
        return s + (Double.isNaN(events) ? ")"
                : String.format(Locale.ROOT, ", %.2f of delivery's and the broker's)", theirs / (ours + events)));
    }
}
