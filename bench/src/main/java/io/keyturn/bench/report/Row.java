package io.keyturn.bench.report;

import java.util.Objects;

/**
 * One measured figure beside its anchor, measured in the same run.
 *
 * @param bench the case that measured it ({@code delivery}, {@code pipeline}, ...)
 * @param figure what was measured, e.g. {@code HTTP GET keep-alive}
 * @param value the figure
 * @param unit its unit, e.g. {@code req/s} or {@code ms}
 * @param anchor what it was measured against ({@code nginx 1.22.1}), or {@code null} for a figure without one
 * @param anchorValue the anchor's figure, or {@code null} when there is no anchor or it could not run
 * @param goal what the row must reach
 * @param note a short remark printed under the table (why an anchor is missing, say), or {@code null}
 */
public record Row(String bench, String figure, double value, String unit, String anchor, Double anchorValue,
                  Goal goal, String note) {

    public Row {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(goal, "goal");
    }

    /** A figure against an anchor that ran. */
    public static Row anchored(String bench, String figure, double value, String unit, String anchor,
                               double anchorValue, Goal goal) {
        return new Row(bench, figure, value, unit, anchor, anchorValue, goal, null);
    }

    /** A figure with no anchor, judged on its own value. */
    public static Row alone(String bench, String figure, double value, String unit, Goal goal) {
        return new Row(bench, figure, value, unit, null, null, goal, null);
    }

    public Row withNote(String text) {
        return new Row(bench, figure, value, unit, anchor, anchorValue, goal, text);
    }

    /** figure / anchor, or {@code null} without an anchor figure (or with an anchor of 0). */
    public Double ratio() {
        if (anchorValue == null || anchorValue == 0 || Double.isNaN(anchorValue)) {
            return null;
        }
        return value / anchorValue;
    }

    public Verdict verdict() {
        return goal.judge(value, ratio());
    }
}
