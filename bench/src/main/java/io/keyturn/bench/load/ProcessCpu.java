package io.keyturn.bench.load;

import java.util.stream.Stream;

/** The CPU time of a process the benchmark knows by its handle, children included. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /**
     * The CPU time {@code root} and its living descendants have used so far, in seconds (nginx's workers, PostgreSQL's
     * backends); NaN when any of them cannot be read. Children that have ended no longer count, so a difference over
     * a span holds for processes that lived through it.
     */
    public static double seconds(ProcessHandle root) {
        double[] seconds = {0};
        boolean[] known = {true};
        Stream.concat(Stream.of(root), root.descendants())
                .forEach(p -> p.info().totalCpuDuration().ifPresentOrElse(d -> seconds[0] += d.toNanos() / 1e9,
                        () -> known[0] = false));
        return known[0] ? seconds[0] : Double.NaN;
    }
}
