package io.keyturn.bench.report;

/**
 * What a row must reach to pass: a share of its anchor, or a bound on its own value. {@link #NONE} marks a row
 * that is reported for context (an anchor's latency, say) and neither passes nor fails.
 */
public record Goal(Kind kind, double bound) {

    /** How the bound is compared. */
    public enum Kind {
        /** figure / anchor ≥ bound. */
        RATIO_AT_LEAST,
        /** figure ≥ bound. */
        AT_LEAST,
        /** figure < bound. */
        BELOW,
        /** figure ≤ bound. */
        AT_MOST,
        /** no goal: context only. */
        NONE
    }

    public static final Goal NONE = new Goal(Kind.NONE, 0);

    public static Goal ratioAtLeast(double bound) {
        return new Goal(Kind.RATIO_AT_LEAST, bound);
    }

    public static Goal atLeast(double bound) {
        return new Goal(Kind.AT_LEAST, bound);
    }

    public static Goal below(double bound) {
        return new Goal(Kind.BELOW, bound);
    }

    public static Goal atMost(double bound) {
        return new Goal(Kind.AT_MOST, bound);
    }

    /** The verdict for a figure and its ratio to the anchor ({@code null} when the anchor did not run). */
    public Verdict judge(double value, Double ratio) {
        return switch (kind) {
            case NONE -> Verdict.INFO;
            case RATIO_AT_LEAST -> ratio == null ? Verdict.NO_ANCHOR : ratio >= bound ? Verdict.PASS : Verdict.FAIL;
            case AT_LEAST -> value >= bound ? Verdict.PASS : Verdict.FAIL;
            case BELOW -> value < bound ? Verdict.PASS : Verdict.FAIL;
            case AT_MOST -> value <= bound ? Verdict.PASS : Verdict.FAIL;
        };
    }

    /** The goal as the table prints it, e.g. {@code ratio ≥ 0.8} or {@code < 5 ms}. */
    public String describe(String unit) {
        String b = bound == Math.rint(bound) ? String.format(java.util.Locale.ROOT, "%,d", (long) bound)
                : java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
        return switch (kind) {
            case NONE -> "";
            case RATIO_AT_LEAST -> "ratio ≥ " + b;
            case AT_LEAST -> "≥ " + b + " " + unit;
            case BELOW -> "< " + b + " " + unit;
            case AT_MOST -> "≤ " + b + " " + unit;
        };
    }
}
