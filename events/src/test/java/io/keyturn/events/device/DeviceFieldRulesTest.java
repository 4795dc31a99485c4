package io.keyturn.events.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CharRule;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The device fields' character rules accept exactly what the regexes they replaced accepted. */
class DeviceFieldRulesTest {

    private static final Map<String, Predicate<String>> RULES = Map.of(
            "[A-Za-z0-9][A-Za-z0-9-]{0,31}", DeviceFieldRules.MODEL::matches,
            "[A-Za-z0-9]{1,16}", DeviceFieldRules.PSN::matches,
            "[A-Za-z0-9]{1,32}", DeviceFieldRules.SERIAL::matches,
            "(?=.{1,255}$)[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*",
            v -> DeviceFieldRules.GROUP_SEGMENT.matchesPath(v, DeviceFieldRules.MAX_GROUP),
            "[A-Za-z0-9._-]{1,64}", DeviceFieldRules.TENANT::matches,
            "[A-Za-z][A-Za-z0-9_]{0,63}", DeviceFieldRules.PARAM_NAME::matches);

    // Every class's edges and their neighbours, separators, white space, line ends and characters beyond ASCII.
    private static final String ALPHABET = "azAZ09my5_-./ @[`{:\n\r\té\u0663\u00a0\u212a/";

    @Test
    void agreeWithTheirRegexesOnRandomAndEdgeInputs() {
        SplittableRandom random = new SplittableRandom(20261127);
        List<String> edges = List.of("", "a", "-", "a-", "-a", "_a", "a_", "/", "a/", "/a", "a//b", "a/b", ".", "..",
                "a".repeat(16), "a".repeat(17), "a".repeat(32), "a".repeat(33), "a".repeat(64), "a".repeat(65),
                "a".repeat(255), "a".repeat(256), "a/".repeat(127) + "a", "a/".repeat(127) + "ab", "a\n", "K",
                "\u212a");
        RULES.forEach((regex, rule) -> {
            Pattern pattern = Pattern.compile(regex);
            for (String v : edges) {
                assertThat(rule.test(v)).as("%s on \"%s\"", regex, v).isEqualTo(pattern.matcher(v).matches());
            }
            for (int i = 0; i < 60_000; i++) {
                String v = randomText(random, random.nextInt(4) == 0 ? 300 : 70);
                assertThat(rule.test(v)).as("%s on \"%s\"", regex, v).isEqualTo(pattern.matcher(v).matches());
            }
        });
    }

    @Test
    void readsRangesAndLiteralDashes() {
        CharRule rule = CharRule.of("a-c-", 1, 3);
        assertThat(rule.matches("abc")).isTrue();
        assertThat(rule.matches("c-a")).isTrue();
        assertThat(rule.matches("abd")).isFalse();
        assertThat(rule.matches("abcd")).isFalse();
        assertThat(rule.matches("")).isFalse();
    }

    private static String randomText(SplittableRandom random, int maxLength) {
        int n = random.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        // Mostly characters a rule accepts, so that long valid strings and near misses both occur.
        for (int i = 0; i < n; i++) {
            b.append(random.nextInt(10) < 8 ? "abcXYZ0189"
                    .charAt(random.nextInt(10)) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
