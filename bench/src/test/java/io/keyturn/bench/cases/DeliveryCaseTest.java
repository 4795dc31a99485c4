package io.keyturn.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.bench.load.ForeignCpu;
import io.keyturn.bench.load.HttpLoad;
import io.keyturn.bench.load.Latencies;
import io.keyturn.bench.load.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryCaseTest {

    @Test
    void saysHowManyOfTheMeasuredFetchesLostTheirEvent() {
        assertThat(DeliveryCase.droppedNote(1_000, 31_000, 120_000))
                .isEqualTo("the fetch log dropped 30,000 of 120,000 fetch events (25 %): its queue was full");
    }

    @Test
    void saysNothingWhenNoEventWasDropped() {
        assertThat(DeliveryCase.droppedNote(1_000, 1_000, 120_000)).isNull();
    }

    @Test
    void saysSoWhenDeliveryMetricsCouldNotBeRead() {
        assertThat(DeliveryCase.droppedNote(Double.NaN, 5, 120_000)).contains("unknown");
        assertThat(DeliveryCase.droppedNote(5, Double.NaN, 120_000)).contains("unknown");
    }

    @Test
    void warmUpGoesOnWhileTheJitIsBusyThoughTheRateHasSettled() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        // Every round the same rate; the server's JIT compiles 500 ms per round for the first four rounds.
        double[] compiled = {0};
        double share = DeliveryCase.warmUp(() -> {
            if (rounds.incrementAndGet() <= 4) {
                compiled[0] += 500;
            }
            return steadyRound();
        }, Duration.ZERO, Duration.ofSeconds(30), () -> compiled[0]);
        assertThat(rounds.get()).isEqualTo(5);
        assertThat(share).isLessThan(DeliveryCase.JIT_QUIET);
        assertThat(DeliveryCase.jitNote(share)).isNull();
    }

    @Test
    void warmUpCountsOnTheRateAloneWhenTheJitCannotBeRead() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        DeliveryCase.warmUp(() -> {
            rounds.incrementAndGet();
            return steadyRound();
        }, Duration.ZERO, Duration.ofSeconds(30), () -> Double.NaN);
        assertThat(rounds.get()).isEqualTo(2);
    }

    @Test
    void saysWhenTheWarmUpEndedWithTheJitStillBusy() {
        assertThat(DeliveryCase.jitNote(0.3)).isEqualTo(
                "measured while delivery's JIT still compiled 30 % of the time (warm-up limit reached)");
        assertThat(DeliveryCase.jitNote(Double.NaN)).isNull();
    }

    @Test
    void setsTheLatenciesAgainstWhatElseRanOnTheMachine() {
        long ms = 1_000_000L;
        Timeline timeline = new Timeline();
        for (long due = 0; due < 200; due++) {
            // The requests due in a burst of another process waited behind it.
            timeline.add(due * ms, (due >= 50 && due < 60 ? 30 : 1) * ms);
        }
        HttpLoad.Result run = new HttpLoad.Result(200, 0, 0.2, new Latencies(), new Latencies(), timeline);
        ForeignCpu.Observed seen = new ForeignCpu.Observed(true, 0.2, Map.of("kdamond.0", 0.01),
                List.of(new long[] {50 * ms, 60 * ms}));
        ForeignCpu.Observed quiet = new ForeignCpu.Observed(true, 0.2, Map.of(), List.of());

        assertThat(DeliveryCase.foreignNote(run, seen, run, quiet)).isEqualTo("other processes on the machine:"
                + " in delivery's run 5.0 % of a core (kdamond.0 5.0 %), 1 burst of a tenth of a core or more, and the"
                + " 45 % of requests due away from bursts (not in one nor within 100 ms after) had p99 1.00 ms;"
                + " in the anchor's run 0.0 % of a core (none), 0 bursts of a tenth of a core or more, and the 100 %"
                + " of requests due away from bursts (not in one nor within 100 ms after) had p99 30.00 ms");
        assertThat(DeliveryCase.foreignNote(run, seen, null, null)).endsWith("had p99 1.00 ms");
        assertThat(DeliveryCase.foreignNote(run, new ForeignCpu.Observed(false, 0.2, Map.of(), List.of()), run,
                quiet)).isNull();
    }

    /** A round of 10 ms at a steady rate (the JIT's share is its compile time over the round's wall time). */
    private static HttpLoad.Result steadyRound() throws InterruptedException {
        Thread.sleep(10);
        return new HttpLoad.Result(1_000, 0, 1.0, new Latencies());
    }
}
