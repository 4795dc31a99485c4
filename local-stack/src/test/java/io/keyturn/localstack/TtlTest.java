package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {

    @ParameterizedTest
    @CsvSource({"90s,PT1M30S", "30m,PT30M", "8h,PT8H", "7d,PT168H", "PT2H,PT2H", " 15m ,PT15M"})
    void readsTheShortFormsAndIso8601(String text, String expected) {
        assertThat(Ttl.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8", "8x", "h8", "-5m", "eight hours"})
    void refusesAnythingElseWithOneLine(String text) {
        assertThatThrownBy(() -> Ttl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ttl must look like 90s, 30m, 8h, 7d or PT8H, not '" + text + "'");
    }
}
