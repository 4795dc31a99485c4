package io.keyturn.bench.report;

/** How a row stands against its goal. */
public enum Verdict {
    PASS("pass"),
    FAIL("FAIL"),
    /** The goal is a ratio and the anchor could not run here (not installed, say): no verdict. */
    NO_ANCHOR("no anchor"),
    /** A row for context, with no goal of its own. */
    INFO("");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
