package io.keyturn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoalTest {

    @Test
    void aRatioGoalPassesAtItsBoundAndFailsBelowIt() {
        assertThat(Row.anchored("b", "f", 80, "req/s", "nginx", 100, Goal.ratioAtLeast(0.8)).verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(Row.anchored("b", "f", 79, "req/s", "nginx", 100, Goal.ratioAtLeast(0.8)).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void aRatioGoalWithoutItsAnchorHasNoVerdict() {
        Row row = new Row("b", "f", 80, "req/s", "nginx", null, Goal.ratioAtLeast(0.8), "not installed");
        assertThat(row.ratio()).isNull();
        assertThat(row.verdict()).isEqualTo(Verdict.NO_ANCHOR);
    }

    @Test
    void anAnchorOfZeroGivesNoRatioRatherThanInfinity() {
        assertThat(Row.anchored("b", "f", 5, "req/s", "x", 0, Goal.ratioAtLeast(1)).ratio()).isNull();
    }

    @Test
    void boundsOnTheFigureItselfCompareAsNamed() {
        assertThat(Goal.below(5).judge(4.99, null)).isEqualTo(Verdict.PASS);
        assertThat(Goal.below(5).judge(5, null)).isEqualTo(Verdict.FAIL);
        assertThat(Goal.atMost(0).judge(0, null)).isEqualTo(Verdict.PASS);
        assertThat(Goal.atMost(0).judge(1, null)).isEqualTo(Verdict.FAIL);
        assertThat(Goal.atLeast(1000).judge(999, null)).isEqualTo(Verdict.FAIL);
        assertThat(Goal.atLeast(1000).judge(1000, 0.1)).isEqualTo(Verdict.PASS);
        assertThat(Goal.NONE.judge(1, 0.5)).isEqualTo(Verdict.INFO);
    }

    @Test
    void describesEachGoalWithItsUnit() {
        assertThat(Goal.ratioAtLeast(0.8).describe("req/s")).isEqualTo("ratio ≥ 0.8");
        assertThat(Goal.below(5).describe("ms")).isEqualTo("< 5 ms");
        assertThat(Goal.atLeast(1000).describe("devices/s")).isEqualTo("≥ 1,000 devices/s");
        assertThat(Goal.NONE.describe("ms")).isEmpty();
    }
}
