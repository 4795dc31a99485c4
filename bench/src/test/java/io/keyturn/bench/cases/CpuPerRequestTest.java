package io.keyturn.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.keyturn.bench.load.HttpLoad;
import io.keyturn.bench.load.Latencies;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuPerRequestTest {

    /** Equal to a nanosecond: the readings are seconds in binary floating point. */
    private static final Comparator<Double> MICROS = (a, b) -> Math.abs(a - b) < 1e-3 ? 0 : Double.compare(a, b);

    @Test
    void dividesEachRoundsCpuTimeByItsRequestsAndReportsTheMedian() throws Exception {
        // CPU time read before and after each of three rounds: 0.5 s, 0.3 s and 0.4 s for 20,000 requests each.
        Deque<Double> readings = new ArrayDeque<>(List.of(10.0, 10.5, 10.5, 10.8, 11.0, 11.4));
        CpuPerRequest cpu = new CpuPerRequest(readings::poll);
        for (int i = 0; i < 3; i++) {
            cpu.counting(round -> result(20_000), i);
        }
        assertThat(cpu.rounds()).usingElementComparator(MICROS).containsExactly(25.0, 15.0, 20.0);
        assertThat(cpu.medianMicros()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void aRoundWhoseCpuTimeCouldNotBeReadCountsForNothing() throws Exception {
        Deque<Double> readings = new ArrayDeque<>(List.of(Double.NaN, 1.0, 1.0, 1.2));
        CpuPerRequest cpu = new CpuPerRequest(readings::poll);
        cpu.counting(round -> result(10_000), 0);
        cpu.counting(round -> result(10_000), 1);
        assertThat(cpu.rounds()).usingElementComparator(MICROS).containsExactly(20.0);
    }

    @Test
    void theNoteGivesBothSidesAndWhatTheAnchorsCostIsOfDeliverys() throws Exception {
        CpuPerRequest delivery = measured(24.0);
        CpuPerRequest nginx = measured(14.4);
        assertThat(CpuPerRequest.note(delivery, null, nginx)).isEqualTo(
                "server CPU per request (median of rounds): delivery 24.0 µs, the anchor 14.4 µs (0.60 of delivery's)");
        assertThat(CpuPerRequest.note(delivery, null, null))
                .isEqualTo("server CPU per request (median of rounds): delivery 24.0 µs");
        assertThat(CpuPerRequest.note(new CpuPerRequest(() -> Double.NaN), null, nginx)).isNull();
    }

    @Test
    void theNoteAddsTheBrokersCostBesideDeliveryAndComparesTheAnchorWithBoth() throws Exception {
        CpuPerRequest delivery = measured(30.0);
        CpuPerRequest broker = measured(3.3);
        CpuPerRequest nginx = measured(27.0);
        assertThat(CpuPerRequest.note(delivery, broker, nginx)).isEqualTo(
                "server CPU per request (median of rounds): delivery 30.0 µs, and the Kafka broker beside it 3.3 µs"
                        + " (mostly delivery's fetch events), the anchor 27.0 µs (0.90 of delivery's, 0.81 of"
                        + " delivery's and the broker's)");
        assertThat(CpuPerRequest.note(delivery, broker, null)).isEqualTo(
                "server CPU per request (median of rounds): delivery 30.0 µs, and the Kafka broker beside it 3.3 µs"
                        + " (mostly delivery's fetch events)");
        // A broker whose time could not be read leaves the note as it was without one.
        assertThat(CpuPerRequest.note(delivery, new CpuPerRequest(() -> Double.NaN), nginx))
                .isEqualTo(CpuPerRequest.note(delivery, null, nginx));
    }

    private static CpuPerRequest measured(double micros) throws Exception {
        Deque<Double> readings = new ArrayDeque<>(List.of(0.0, micros * 10_000 / 1e6));
        CpuPerRequest cpu = new CpuPerRequest(readings::poll);
        cpu.counting(round -> result(10_000), 0);
        return cpu;
    }

    private static HttpLoad.Result result(long completed) {
        return new HttpLoad.Result(completed, 0, 1.0, new Latencies());
    }
}
