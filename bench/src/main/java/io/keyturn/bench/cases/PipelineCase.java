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

/**
 * The profile pipeline (issues 2, 5, 11) against raw gzip+AES of the same bytes, in one JMH run, one thread each;
 * both produce {@link ProfilePipelineBenchmark#FILES_PER_OP} files per op, and the row counts files.
 */
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
                JMH (one fork, one thread, so per core). One op of `ProfilePipelineBenchmark.pipeline` is one
                rotation of the next device of a 10,000-device fleet (each with its own station name and line-1
                credentials): render its realistic 60 KB SPA962 profile with a fresh key and directory, gzip it once
                in segments (level 9) through a segment cache shared by the run (the template's segments hit, the
                device's own miss), inflate, parse and check it once as crypto-service's VerifiedSealer does (managed
                values, and the rule leads to the new path and key), then make the rotation's two files (the steady
                file and one re-pointed file), each encrypted under a fresh salt, decrypted with its key and compared
                with the verified bytes. The anchor `rawGzipAes` gzips (level 9, once) the same rendered bytes and
                AES-256-CBC-encrypts them twice with keys and IVs already derived. Both make two files per op; the
                row gives files per second.
                """;
    }

    /** The figure the rotation case takes as its anchor: rotations/s of the pipeline on one core. */
    static final String ROTATIONS_PER_CORE = "pipeline.rotations-per-second";

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        Collection<RunResult> results = measure(ctx, "pipeline|rawGzipAes");
        double pipeline = score(results, "pipeline") * ProfilePipelineBenchmark.FILES_PER_OP;
        double raw = score(results, "rawGzipAes") * ProfilePipelineBenchmark.FILES_PER_OP;
        ctx.share(ROTATIONS_PER_CORE, pipeline / ProfilePipelineBenchmark.FILES_PER_OP);
        ctx.say("pipeline %,.0f profiles/s (%,.0f rotations/s); raw gzip+AES %,.0f profiles/s", pipeline,
                pipeline / ProfilePipelineBenchmark.FILES_PER_OP, raw);
        return List.of(Row.anchored(name(), "profile files of fleet rotations (render+gzip+encrypt+verify, 2 per"
                + " rotation)", pipeline, "profiles/s", "raw gzip+AES-256-CBC, same 2 files", raw,
                Goal.ratioAtLeast(0.7)));
    }

    /** Rotations/s of the pipeline on one core, measured now: for a rotation case run without this one. */
    static double rotationsPerCore(BenchContext ctx) throws Exception {
        return score(measure(ctx, "pipeline"), "pipeline");
    }

    private static Collection<RunResult> measure(BenchContext ctx, String methods) throws Exception {
        Options options = new OptionsBuilder()
                .include(ProfilePipelineBenchmark.class.getName() + "\\.(" + methods + ")$")
                .forks(1)
                .threads(1)
                .warmupIterations(ctx.mode().pick(2, 3, 4))
                .warmupTime(TimeValue.seconds(ctx.mode().pick(2, 3, 3)))
                .measurementIterations(ctx.mode().pick(3, 5, 6))
                .measurementTime(TimeValue.seconds(ctx.mode().pick(2, 3, 4)))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        return new Runner(options).run();
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + method))
                .getPrimaryResult().getScore();
    }
}
