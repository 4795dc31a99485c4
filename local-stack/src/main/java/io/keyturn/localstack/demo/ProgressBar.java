package io.keyturn.localstack.demo;

import java.io.PrintStream;
import java.util.Locale;

/** One console line redrawn in place (a carriage return, no escape codes), finished with a newline. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private String last = "";
    private int lastPercent = -1;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
        // Redrawing only makes sense on a terminal; a log gets one line per change of the percentage.
        this.interactive = System.console() != null;
    }

    void show(long done, long total, String detail) {
        int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        String line = String.format(Locale.ROOT, "  %-22s [%s%s] %3d%%  %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), percent, detail);
        if (interactive) {
            out.print("\r" + line);
            out.flush();
        } else if (percent != lastPercent) {
            out.println(line);
            lastPercent = percent;
        }
        last = line;
    }

    void finish() {
        if (interactive) {
            out.println();
        }
    }
}
