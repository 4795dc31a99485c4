package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

    @ParameterizedTest
    @CsvSource({"500,500", "500/min,500", "10/s,600", "600/h,10", " 42/MIN ,42"})
    void readsRatesInAnyUnit(String text, int perMinute) {
        assertThat(Rate.parse(text).perMinute()).isEqualTo(perMinute);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5/min", "0/s", "10/h", "fast", "5/day", "", "99999999999/s"})
    void refusesRatesThatAreNotPositiveOrNotRates(String text) {
        assertThatThrownBy(() -> Rate.parse(text)).isInstanceOfSatisfying(SchedulingException.class,
                e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.INVALID_RATE));
    }
}
