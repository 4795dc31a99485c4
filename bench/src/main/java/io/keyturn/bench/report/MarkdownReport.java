package io.keyturn.bench.report;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** docs/benchmarks.md: when, where and how a run measured, its table, its plot, and how each case works. */
public final class MarkdownReport {

    /**
     * Everything a report says.
     *
     * @param plot the PNG's path relative to the markdown file, or {@code null} if none was drawn
     * @param remarks paragraphs about the run (a busy machine, say)
     * @param methods per case, how it measures (markdown)
     */
    public record Run(ZonedDateTime date, String mode, String command, Machine machine, Map<String, String> versions,
                      List<Row> rows, String plot, List<String> remarks, Map<String, String> methods) {
    }

    private MarkdownReport() {
    }

    public static String render(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `./keyturn bench` (module `bench`); every figure is measured beside its anchor in the")
                .append(" same run, on the same machine. Benchmarks are never part of the test suite's pass or fail.\n\n");
        md.append("## The last run\n\n");
        md.append("- date: ").append(run.date().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- command: `").append(run.command()).append("` (").append(run.mode()).append(")\n");
        md.append("- machine: ").append(escape(run.machine().describe())).append('\n');
        for (Map.Entry<String, String> v : run.versions().entrySet()) {
            md.append("- ").append(escape(v.getKey())).append(": ").append(escape(v.getValue())).append('\n');
        }
        md.append('\n');
        for (String remark : run.remarks()) {
            md.append(remark).append("\n\n");
        }
        md.append(table(run.rows()));
        int n = 1;
        StringBuilder notes = new StringBuilder();
        for (Row r : run.rows()) {
            if (r.note() != null) {
                notes.append(n++).append(". ").append(escape(r.bench() + " / " + r.figure())).append(": ")
                        .append(escape(r.note())).append('\n');
            }
        }
        if (notes.length() > 0) {
            md.append("\nNotes:\n\n").append(notes);
        }
        if (run.plot() != null) {
            md.append("\n![throughput against the anchors, and latency](").append(run.plot()).append(")\n");
        }
        if (!run.methods().isEmpty()) {
            md.append("\n## How each case measures\n");
            for (Map.Entry<String, String> m : run.methods().entrySet()) {
                md.append("\n### ").append(m.getKey()).append("\n\n").append(m.getValue().strip()).append('\n');
            }
        }
        return md.toString();
    }

    /** The rows as a GitHub table; numbers right-aligned. */
    public static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append('|');
        for (String h : ResultTable.HEADERS) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|---|---|---:|---|---|---:|---:|---|---|\n");
        for (Row r : rows) {
            md.append('|');
            for (String cell : ResultTable.cells(r)) {
                md.append(' ').append(escape(cell)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Keeps a cell's text from breaking the table or turning into markup. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("*", "\\*")
                .replace("_", "\\_").replace("<", "&lt;");
    }
}
