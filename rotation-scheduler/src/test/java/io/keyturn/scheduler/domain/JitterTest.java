package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JitterTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final Duration CADENCE = Duration.ofDays(30);
    private static final Instant LAST = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Integer> percents() {
        return IntStream.of(1, 5, 10, 25, 50).boxed();
    }

    private static String mac(Random random) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @ParameterizedTest
    @MethodSource("percents")
    void staysWithinThePercentOfTheCadence(int percent) {
        Random random = new Random(SEED);
        Jitter jitter = new Jitter(percent);
        long bound = CADENCE.toSeconds() * percent / 100;
        for (int i = 0; i < 2000; i++) {
            String mac = mac(random);
            long offset = Duration.between(LAST.plus(CADENCE), jitter.nextDue(mac, LAST, CADENCE)).toSeconds();
            assertThat(Math.abs(offset)).as("seed %d, mac %s", SEED, mac).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void spreadsAFleetEvenlyAcrossTheJitterRange() {
        Random random = new Random(SEED);
        Jitter jitter = new Jitter(10);
        int[] buckets = new int[10];
        int n = 20_000;
        long span = CADENCE.toSeconds() / 5;   // -10% .. +10%
        Instant low = LAST.plus(CADENCE).minusSeconds(span / 2);
        for (int i = 0; i < n; i++) {
            long s = Duration.between(low, jitter.nextDue(mac(random), LAST, CADENCE)).toSeconds();
            buckets[(int) Math.min(9, s * 10 / span)]++;
        }
        // A uniform spread puts 2,000 in each tenth; no tenth may hold much more than its share, so no day is a spike.
        for (int b : buckets) {
            assertThat(b).as("seed %d, buckets %s", SEED, java.util.Arrays.toString(buckets)).isBetween(1700, 2300);
        }
    }

    @Test
    void isStableForOneDeviceAndRotation() {
        Jitter jitter = new Jitter(10);
        assertThat(jitter.nextDue("000e08aabbcc", LAST, CADENCE)).isEqualTo(jitter.nextDue("000e08aabbcc", LAST, CADENCE));
        assertThat(jitter.nextDue("000e08aabbcc", LAST, CADENCE)).isNotEqualTo(jitter.nextDue("000e08aabbcd", LAST, CADENCE));
    }

    @Test
    void zeroJitterIsExactlyTheCadence() {
        assertThat(new Jitter(0).nextDue("000e08aabbcc", LAST, CADENCE)).isEqualTo(LAST.plus(CADENCE));
    }

    @Test
    void refusesJitterOutsideZeroToFifty() {
        assertThatThrownBy(() -> new Jitter(-1)).isInstanceOf(SchedulingException.class);
        assertThatThrownBy(() -> new Jitter(51)).isInstanceOf(SchedulingException.class);
    }
}
