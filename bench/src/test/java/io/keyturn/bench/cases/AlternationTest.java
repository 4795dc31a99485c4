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
    void reportsTheMedianRoundOfEachSideSoOneStallDoesNotDecide() throws Exception {
        double[] ours = {2_400, 1_200, 2_500, 2_450, 2_380};
        double[] theirs = {1_210, 1_230, 800, 1_250, 1_190};
        Alternation.Outcome outcome = Alternation.run(5, i -> round(ours[i], 0), i -> round(theirs[i], 0), () -> { });
        assertThat(outcome.deliveryMedian().perSecond()).isEqualTo(2_400);
        assertThat(outcome.anchorMedian().perSecond()).isEqualTo(1_210);
        assertThat(outcome.note()).isEqualTo(
                "median of 5 alternating rounds: delivery 1,200-2,500, anchor 800-1,250, ratio of each pair 0.98-3.13");
    }

    @Test
    void takesTheLowerMiddleOfAnEvenCountAndAddsUpErrorsAndRequestsOfEveryRound() throws Exception {
        double[] ours = {300, 100, 400, 200};
        Alternation.Outcome outcome = Alternation.run(4, i -> round(ours[i], i), null, () -> { });
        assertThat(outcome.deliveryMedian().perSecond()).isEqualTo(200);
        assertThat(outcome.anchorMedian()).isNull();
        assertThat(outcome.deliveryErrors()).isEqualTo(0 + 1 + 2 + 3);
        assertThat(outcome.deliveryCompleted()).isEqualTo(1_000);
        assertThat(outcome.note()).isEqualTo("median of 4 rounds: delivery 100-400");
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
