package io.keyturn.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a case gets to run with: the mode, a scratch directory removed at the end, the console, the versions it
 * learns (nginx's, PostgreSQL's, ...) for the report, and the local stack, started on first use.
 */
public final class BenchContext {

    private final Mode mode;
    private final Path scratch;
    private final PrintStream out;
    private final Map<String, String> versions;
    private final Supplier<StackProcess> stack;
    private final Map<String, Double> figures;

    BenchContext(Mode mode, Path scratch, PrintStream out, Map<String, String> versions, Supplier<StackProcess> stack,
                 Map<String, Double> figures) {
        this.mode = mode;
        this.scratch = scratch;
        this.out = out;
        this.versions = versions;
        this.stack = stack;
        this.figures = figures;
    }

    /** A figure one case measured that a later case of the same run uses as its anchor. */
    public void share(String name, double value) {
        figures.put(name, value);
    }

    /** A figure an earlier case of this run shared, if it ran. */
    public java.util.OptionalDouble shared(String name) {
        Double v = figures.get(name);
        return v == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
    }

    public Mode mode() {
        return mode;
    }

    public Path scratch() {
        return scratch;
    }

    public StackProcess stack() {
        return stack.get();
    }

    /** A progress line on the console. */
    public void say(String format, Object... args) {
        out.printf(java.util.Locale.ROOT, "  " + format + "%n", args);
        out.flush();
    }

    public void version(String component, String version) {
        versions.put(component, version);
    }
}
