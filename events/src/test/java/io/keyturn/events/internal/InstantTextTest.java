package io.keyturn.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    private static void same(Instant instant) {
        assertThat(InstantText.iso(instant)).as("%s", instant.getEpochSecond() + "s " + instant.getNano() + "ns")
                .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }

    @Test
    void writesWhatIsoInstantWrites() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 1_000_000, 253_402_300_799L + 1_000_000);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            same(Instant.ofEpochSecond(seconds, nano));
        }
    }

    @Test
    void writesTheEdgesAsIsoInstantDoes() {
        for (long seconds : new long[] {0, -1, 1, 86_399, 86_400, -86_400, 951_782_400L /* 2000-02-29 */,
            4_107_542_400L /* 2100-03-01 */, -62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L,
            1_795_852_773L}) {
            for (int nano : new int[] {0, 1, 999_999_999, 1_000, 1_000_000, 10_000_000, 100, 120_000_000}) {
                same(Instant.ofEpochSecond(seconds, nano));
            }
        }
        same(Instant.MIN);
        same(Instant.MAX);
        same(Instant.EPOCH);
    }
}
