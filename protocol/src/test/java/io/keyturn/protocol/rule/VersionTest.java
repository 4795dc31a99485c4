package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2.0.6(b)      | = | 2.0.6(b)
            2.0.6         | < | 2.0.6(a)
            2.0.6(a)      | < | 2.0.6(b)
            1.0.31(b)     | < | 2.0.6(b)
            2.0.9         | < | 2.0.10
            2.0.10(a)     | > | 2.0.9(z)
            10.0.0        | > | 9.99.99
            2.0.3(0412s)  | < | 2.0.3(0413a)
            2.0.3(0412s)  | < | 2.0.3(0412t)
            2.0.6(9a)     | < | 2.0.6(10a)
            2.0.6(1)      | < | 2.0.6(a)
            2.0.6(b)      | < | 2.0.6(ba)
            7.5.2b        | = | 7.5.2(b)
            2.0.6(B)      | < | 2.0.6(b)
            2.0.6(b)      | < | 2.0.6(C)
            02.0.6        | = | 2.0.6
            2.0.6(04)     | < | 2.0.6(4)
            """)
    void ordersMajorMinorBuildThenSuffix(String a, String relation, String b) {
        int expected = switch (relation) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
        assertThat(Integer.signum(Version.parse(a).compareTo(Version.parse(b)))).isEqualTo(expected);
        assertThat(Integer.signum(Version.parse(b).compareTo(Version.parse(a)))).isEqualTo(-expected);
        assertThat(Integer.signum(Version.compare(a, b))).as("allocation-free form").isEqualTo(expected);
        assertThat(Version.parse(a).equals(Version.parse(b))).isEqualTo(expected == 0);
    }

    @Test
    void exposesItsParts() {
        Version v = Version.parse("2.0.3(0412s)");

        assertThat(v.major()).isEqualTo(2);
        assertThat(v.minor()).isZero();
        assertThat(v.build()).isEqualTo(3);
        assertThat(v.suffix()).isEqualTo("0412s");
        assertThat(v).hasToString("2.0.3(0412s)");
        assertThat(Version.parse("1.88.1").suffix()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2.0", "2.0.", "2.0.6.1", "2.0.6(", "2.0.6()", "2.0.6(b", "2.0.6(b)x",
            "a.b.c", "2.0.6 (b)", "1234567890.0.0", "2.0.6(b c)", "-1.0.0", "2.0.6-1", "2.0.6(abcdefghijklmnopq)"})
    void refusesWhatIsNotAVersion(String text) {
        assertThat(Version.tryParse(text)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> Version.parse(text)).withMessageContaining("not a version");
    }
}
