package io.keyturn.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.bench.load.HttpLoad;
import io.keyturn.bench.load.Latencies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternationTest {

    @Test
    void runsTheSidesInTurnWithTheSameRoundNumberAndSettlesBeforeEach() throws Exception {
        List<String> log = new ArrayList<>();
        Alternation.run(3, i -> {
            log.add("delivery " + i);
            return round(100, 0);
        }, i -> {
            log.add("anchor " + i);
            return round(50, 0);
        }, () -> log.add("settle"));
        assertThat(log).containsExactly("settle", "delivery 0", "settle", "anchor 0", "settle", "delivery 1", "settle",
                "anchor 1", "settle", "delivery 2", "settle", "anchor 2");
    }

    @Test
    void reportsThePairWithTheMedianRatioSoOneStallDoesNotDecide() throws Exception {
        double[] ours = {2_400, 1_200, 2_500, 2_450, 2_380};
        double[] theirs = {1_210, 1_230, 800, 1_250, 1_190};
        Alternation.Outcome outcome = Alternation.run(5, i -> round(ours[i], 0), i -> round(theirs[i], 0), () -> { });
        // Pair ratios 1.98, 0.98, 3.13, 1.96, 2.00: the median is the first pair's.
        assertThat(outcome.reported().round()).isZero();
        assertThat(outcome.reported().delivery().perSecond()).isEqualTo(2_400);
        assertThat(outcome.reported().anchor().perSecond()).isEqualTo(1_210);
        assertThat(outcome.note()).isEqualTo("pair 1 of 5 alternating rounds, the median ratio: delivery 1,200-2,500, "
                + "anchor 800-1,250, ratio of each pair 0.98-3.13, ratio of the two medians 1.98");
        assertThat(outcome.pairs()).isEqualTo("pairs, delivery/anchor: 2,400/1,210 (1.98), 1,200/1,230 (0.98), "
                + "2,500/800 (3.13), 2,450/1,250 (1.96), 2,380/1,190 (2.00)");
    }

    @Test
    void aPairCancelsTheDriftBothSidesMetWhereTheRatioOfMediansDoesNot() throws Exception {
        // The machine slows down round after round and both sides follow, at 2 to 1; delivery stalls once.
        double[] ours = {1_000, 450, 600, 400, 200};
        double[] theirs = {500, 450, 300, 200, 100};
        Alternation.Outcome outcome = Alternation.run(5, i -> round(ours[i], 0), i -> round(theirs[i], 0), () -> { });
        // Pair ratios 2, 1, 2, 2, 2: the median pair says 2. The medians (450 and 300) say 1.5.
        assertThat(outcome.reported().ratio()).isEqualTo(2.0);
        assertThat(outcome.reported().delivery().perSecond() / outcome.reported().anchor().perSecond()).isEqualTo(2.0);
        assertThat(outcome.note()).endsWith("ratio of each pair 1.00-2.00, ratio of the two medians 1.50");
    }

    @Test
    void takesTheLowerMiddleOfAnEvenCountAndAddsUpErrorsAndRequestsOfEveryRound() throws Exception {
        double[] ours = {300, 100, 400, 200};
        Alternation.Outcome outcome = Alternation.run(4, i -> round(ours[i], i), null, () -> { });
        assertThat(outcome.reported().delivery().perSecond()).isEqualTo(200);
        assertThat(outcome.reported().anchor()).isNull();
        assertThat(outcome.deliveryErrors()).isEqualTo(0 + 1 + 2 + 3);
        assertThat(outcome.deliveryCompleted()).isEqualTo(1_000);
        assertThat(outcome.note()).isEqualTo("median of 4 rounds: delivery 100-400");
        assertThat(outcome.pairs()).isEqualTo("rounds, delivery: 300, 100, 400, 200");
    }

    @Test
    void theLowerMiddlePairOfAnEvenCountNeverFlattersDelivery() throws Exception {
        double[] ours = {300, 100, 400, 200};
        double[] theirs = {100, 100, 100, 100};
        Alternation.Outcome outcome = Alternation.run(4, i -> round(ours[i], 0), i -> round(theirs[i], 0), () -> { });
        assertThat(outcome.reported().ratio()).isEqualTo(2.0);
    }

    @Test
    void refusesZeroRounds() {
        assertThatThrownBy(() -> Alternation.run(0, i -> round(1, 0), null, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A round of one second that completed {@code rate} requests. */
    private static HttpLoad.Result round(double rate, long errors) {
        Latencies latencies = new Latencies();
        latencies.add(1_000_000);
        return new HttpLoad.Result((long) rate, errors, 1.0, latencies);
    }
}
