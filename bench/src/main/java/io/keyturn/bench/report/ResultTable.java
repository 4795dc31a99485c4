package io.keyturn.bench.report;

import java.util.ArrayList;
import java.util.List;

/** The rows as a plain-text table for the console, columns padded to their widest cell, notes underneath. */
public final class ResultTable {

    static final String[] HEADERS = {"bench", "figure", "value", "unit", "anchor", "anchor value", "ratio", "goal",
        "result"};

    private ResultTable() {
    }

    /** The cells of one row, in {@link #HEADERS} order. */
    static String[] cells(Row row) {
        Double ratio = row.ratio();
        return new String[] {
            row.bench(),
            row.figure(),
            Numbers.format(row.value()),
            row.unit(),
            row.anchor() == null ? "-" : row.anchor(),
            row.anchorValue() == null ? "-" : Numbers.format(row.anchorValue()),
            ratio == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", ratio),
            row.goal().describe(row.unit()),
            row.verdict().label()
        };
    }

    public static String format(List<Row> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADERS);
        int note = 0;
        for (Row r : rows) {
            String[] cells = cells(r);
            if (r.note() != null) {
                int last = cells.length - 1;
                cells[last] = (cells[last] + " [" + ++note + "]").trim();
            }
            lines.add(cells);
        }
        int[] width = new int[HEADERS.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String[] line = lines.get(n);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean numeric = i == 2 || i == 5 || i == 6;
                String cell = line[i];
                String pad = " ".repeat(width[i] - cell.length());
                b.append(numeric ? pad + cell : cell + pad);
                if (i < line.length - 1) {
                    b.append("  ");
                }
            }
            out.append(b.toString().stripTrailing()).append('\n');
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        int i = 1;
        for (Row r : rows) {
            if (r.note() != null) {
                out.append("  [").append(i).append("] ").append(r.bench()).append(" / ").append(r.figure())
                        .append(": ").append(r.note()).append('\n');
                i++;
            }
        }
        return out.toString();
    }
}
