package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    @ParameterizedTest
    @ValueSource(strings = {"000e08aabbcc", "000E08AABBCC", "00:0e:08:aa:bb:cc", "00-0E-08-AA-BB-CC",
            "000e.08aa.bbcc", " 000e08aabbcc "})
    void normalisesEverySpellingToLowercaseHex(String spelling) {
        assertThat(MacAddress.normalise(spelling)).isEqualTo("000e08aabbcc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000e08aabbc", "000e08aabbccd", "000e08aabbcg", "00:0e:08-aa:bb:cc",
            "00:0e:08:aa:bb:c", "0:00e:08:aa:bb:cc", "00 0e 08 aa bb cc", "000e08aabbc'", "０００e08aabbcc",
            "000e08aabbcc;--", "000e08aabbç1"})
    void refusesAnythingElse(String bad) {
        assertThatThrownBy(() -> MacAddress.normalise(bad))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_MAC));
    }

    static Stream<Arguments> randomMacs() {
        Random random = new Random(SEED);
        return IntStream.range(0, 500).mapToObj(i -> {
            byte[] b = new byte[6];
            random.nextBytes(b);
            StringBuilder hex = new StringBuilder();
            for (byte x : b) {
                hex.append(String.format("%02x", x));
            }
            return Arguments.of(hex.toString(), random.nextInt(4));
        });
    }

    @ParameterizedTest
    @MethodSource("randomMacs")
    void everySpellingOfARandomMacGivesItBack(String mac, int style) {
        String spelled = switch (style) {
            case 0 -> mac.toUpperCase(Locale.ROOT);
            case 1 -> String.join(":", mac.split("(?<=\\G..)"));
            case 2 -> String.join("-", mac.toUpperCase(Locale.ROOT).split("(?<=\\G..)"));
            default -> String.join(".", mac.split("(?<=\\G....)"));
        };
        assertThat(MacAddress.normalise(spelled)).as("seed %d, %s", SEED, spelled).isEqualTo(mac);
    }
}
