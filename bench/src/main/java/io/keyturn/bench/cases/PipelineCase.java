package io.keyturn.bench.cases;

import io.keyturn.bench.BenchCase;
import io.keyturn.bench.BenchContext;
import io.keyturn.bench.ProfilePipelineBenchmark;
import io.keyturn.bench.report.Goal;
import io.keyturn.bench.report.Row;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The profile pipeline (issue 2) against raw gzip+AES of the same bytes, in one JMH run, one thread each. */
public final class PipelineCase implements BenchCase {

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public boolean needsStack() {
        return false;
    }

    @Override
    public String method() {
        return """
                JMH (one fork, one thread, so per core): `ProfilePipelineBenchmark.pipeline` sets a fresh key and
                directory in the realistic 60 KB SPA962 profile, renders it, gzips (level 9), encrypts under a fresh
                salt, then decrypts, inflates, parses and checks the managed values, as crypto-service does for every
                file it publishes. The anchor `rawGzipAes` gzips (level 9) and AES-256-CBC-encrypts the same rendered
                bytes with a key and IV already derived. gzip dominates both.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        Options options = new OptionsBuilder()
                .include(ProfilePipelineBenchmark.class.getName() + "\\.(pipeline|rawGzipAes)$")
                .forks(1)
                .threads(1)
                .warmupIterations(ctx.mode().pick(2, 3, 4))
                .warmupTime(TimeValue.seconds(ctx.mode().pick(2, 3, 3)))
                .measurementIterations(ctx.mode().pick(3, 5, 6))
                .measurementTime(TimeValue.seconds(ctx.mode().pick(2, 3, 4)))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double pipeline = score(results, "pipeline");
        double raw = score(results, "rawGzipAes");
        ctx.say("pipeline %,.0f profiles/s; raw gzip+AES %,.0f profiles/s", pipeline, raw);
        return List.of(Row.anchored(name(), "profile pipeline (render+gzip+encrypt+verify)", pipeline, "profiles/s",
                "raw gzip+AES-256-CBC", raw, Goal.ratioAtLeast(0.7)));
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + method))
                .getPrimaryResult().getScore();
    }
}
