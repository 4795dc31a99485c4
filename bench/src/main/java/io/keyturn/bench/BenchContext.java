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

    BenchContext(Mode mode, Path scratch, PrintStream out, Map<String, String> versions, Supplier<StackProcess> stack) {
        this.mode = mode;
        this.scratch = scratch;
        this.out = out;
        this.versions = versions;
        this.stack = stack;
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
