package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProfileKeysTest {

    @Test
    void makesKeysOf64LowercaseHexDigits() {
        for (int i = 0; i < 100; i++) {
            assertThat(ProfileKeys.newKey().reveal()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void makesADifferentKeyEveryTime() {
        Set<ProfileKey> keys = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> keys.add(ProfileKeys.newKey()));

        assertThat(keys).hasSize(1000);
    }

    @Test
    void makesDirectoriesOf22Alphanumerics() {
        for (int i = 0; i < 100; i++) {
            assertThat(ProfileKeys.newDirectory()).matches("[A-Za-z0-9]{22}");
        }
    }

    @Test
    void makesADifferentDirectoryEveryTime() {
        Set<String> directories = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> directories.add(ProfileKeys.newDirectory()));

        assertThat(directories).hasSize(1000);
    }

    @Test
    void givesDirectoriesAtLeast128BitsOfEntropy() {
        double bits = ProfileKeys.DIRECTORY_LENGTH * Math.log(62) / Math.log(2);

        assertThat(bits).isGreaterThanOrEqualTo(128.0);
    }

    /**
     * A modulo-biased mapping of random bytes to 62 symbols (256 % 62 = 8) would put this statistic
     * around 400; a uniform one stays near 61. The seed is fixed, so the test is deterministic.
     */
    @Test
    void drawsEveryDirectoryCharacterUniformly() {
        long seed = RandomProfiles.seed();
        Random random = new Random(seed);
        int[] counts = new int[128];
        int names = 3000;
        for (int i = 0; i < names; i++) {
            for (char c : ProfileKeys.newDirectory(random).toCharArray()) {
                counts[c]++;
            }
        }
        double expected = names * ProfileKeys.DIRECTORY_LENGTH / 62.0;
        double chiSquare = 0;
        int symbols = 0;
        for (int c = 0; c < counts.length; c++) {
            if (Character.isLetterOrDigit(c)) {
                chiSquare += Math.pow(counts[c] - expected, 2) / expected;
                symbols++;
            } else {
                assertThat(counts[c]).isZero();
            }
        }

        assertThat(symbols).isEqualTo(62);
        // 61 degrees of freedom: the 1-in-a-million critical value is about 129 (Wilson-Hilferty).
        assertThat(chiSquare).as("chi-square over 62 symbols, seed %d", seed).isLessThan(129);
    }

    @Test
    void drawsKeyBitsFromTheGivenRandomSource() {
        assertThat(ProfileKeys.newKey(new Random(7))).isEqualTo(ProfileKeys.newKey(new Random(7)));
        assertThat(ProfileKeys.newKey(new Random(7))).isNotEqualTo(ProfileKeys.newKey(new Random(8)));
    }
}
