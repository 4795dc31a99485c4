package io.keyturn.bench.report;

import java.util.Locale;

/** Figures as people read them: thousands separated, and no more digits than the measurement carries. */
public final class Numbers {

    private Numbers() {
    }

    /** {@code 12,345} for large values, {@code 12.3} and {@code 0.82} for small ones, {@code 0} for zero. */
    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
