package io.keyturn.bench;

import io.keyturn.bench.report.Row;
import java.util.List;

/** One benchmark: its figures and their anchors, measured in the same run. */
public interface BenchCase {

    /** The name {@code --only} takes. */
    String name();

    /** Whether it needs the local stack's services. */
    boolean needsStack();

    /** How it measures, for docs/benchmarks.md (markdown). */
    String method();

    /** Runs the case; the rows it returns are the figures, each beside its anchor. */
    List<Row> run(BenchContext context) throws Exception;
}
