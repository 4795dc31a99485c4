package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupPathTest {

    @Test
    void listsPrefixesFromTheBroadest() {
        assertThat(new GroupPath("region/north/city").prefixes())
                .containsExactly("region", "region/north", "region/north/city");
    }

    @Test
    void isWithinItsPrefixesButNotASiblingWithTheSameStart() {
        GroupPath p = new GroupPath("region/north");

        assertThat(p.isWithin("region")).isTrue();
        assertThat(p.isWithin("region/north")).isTrue();
        assertThat(p.isWithin("reg")).isFalse();
        assertThat(new GroupPath("region/northwest").isWithin("region/north")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/region", "region/", "region//north", "region/../etc", ".", "région", "a b",
            "region'; DROP TABLE device;--"})
    void refusesMalformedPaths(String bad) {
        assertThatThrownBy(() -> new GroupPath(bad)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("must be /-separated segments");
    }

    @Test
    void blankMeansNoGroup() {
        assertThat(GroupPath.ofNullable("  ")).isNull();
    }

    @Test
    void acceptsExactlyWhatTheSegmentRegexAccepted() {
        // The rule as it was written before the loops (a regex per segment of split("/", -1)), on random paths made
        // mostly of the characters at stake: separators, dots, the class's edges and their neighbours.
        java.util.regex.Pattern segment = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");
        java.util.function.Predicate<String> before = v -> {
            if (v.isEmpty() || v.length() > 255) {
                return false;
            }
            for (String s : v.split("/", -1)) {
                if (!segment.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                    return false;
                }
            }
            return true;
        };
        String alphabet = "//...aZ09_-@[`{ \né";
        java.util.SplittableRandom random = new java.util.SplittableRandom(27);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(i % 50 == 0 ? 300 : 12);
            for (int k = 0; k < n; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String v = b.toString();
            boolean accepted;
            try {
                new GroupPath(v);
                accepted = true;
            } catch (RegistryException e) {
                accepted = false;
            }
            assertThat(accepted).as("\"%s\"", v).isEqualTo(before.test(v));
        }
    }
}
