package io.keyturn.bench;

import io.keyturn.protocol.profile.FlatProfileXml;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the profile pipeline benchmark and its anchor in one JMH run, one thread each (so the figures
 * are per core), and prints both, their ratio, and the goal.
 *
 * <p>Usage: {@code java -jar bench/target/keyturn-bench.jar [--quick]}.
 */
public final class BenchMain {

    /** The pipeline must keep at least this share of the bare gzip+AES throughput (issue 2). */
    static final double PIPELINE_GOAL = 0.7;

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = args.length > 0 && "--quick".equals(args[0]);
        Options options = new OptionsBuilder()
                .include(ProfilePipelineBenchmark.class.getName() + "\\.(pipeline|rawGzipAes)$")
                .forks(1)
                .threads(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                .measurementIterations(quick ? 3 : 6)
                .measurementTime(TimeValue.seconds(quick ? 2 : 4))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double pipeline = score(results, "pipeline");
        double raw = score(results, "rawGzipAes");
        double pipelineError = error(results, "pipeline");
        double rawError = error(results, "rawGzipAes");
        int size = FlatProfileXml.writeBytes(Spa962Profile.sample()).length;
        double ratio = pipeline / raw;
        System.out.println();
        System.out.printf(Locale.ROOT, "profile: SPA962, %,d bytes of XML; one thread (per core); %s%n", size,
                Runtime.version());
        System.out.printf(Locale.ROOT, "%-44s %14s %10s%n", "benchmark", "profiles/s", "± (99.9%)");
        System.out.printf(Locale.ROOT, "%-44s %,14.0f %,10.0f%n",
                "pipeline (render+gzip+encrypt+decrypt+verify)", pipeline, pipelineError);
        System.out.printf(Locale.ROOT, "%-44s %,14.0f %,10.0f%n", "anchor: raw gzip+AES-256-CBC, same bytes", raw,
                rawError);
        System.out.printf(Locale.ROOT, "ratio: %.2f (goal >= %.1f): %s%n", ratio, PIPELINE_GOAL,
                ratio >= PIPELINE_GOAL ? "pass" : "below goal");
    }

    private static double score(Collection<RunResult> results, String method) {
        return find(results, method).getPrimaryResult().getScore();
    }

    private static double error(Collection<RunResult> results, String method) {
        return find(results, method).getPrimaryResult().getScoreError();
    }

    private static RunResult find(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + method));
    }
}
