package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StopRuleTest {

    @Test
    void tripsAtTheLimitNotBefore() {
        StopRule rule = StopRule.parse("10/1000");
        assertThat(rule.trips(9)).isFalse();
        assertThat(rule.trips(10)).isTrue();
    }

    @Test
    void judgesASmallCanaryByItsShare() {
        StopRule rule = StopRule.parse("10/1000");   // 1 %
        assertThat(rule.failsCanary(0, 50)).isFalse();
        assertThat(rule.failsCanary(1, 50)).isTrue();      // 2 %
        assertThat(rule.failsCanary(1, 100)).isFalse();    // exactly 1 %
        assertThat(rule.failsCanary(2, 100)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "0/1000", "11/10", "a/b", "10/1000/3", "-1/5"})
    void refusesMalformedRules(String text) {
        assertThatThrownBy(() -> StopRule.parse(text)).isInstanceOfSatisfying(SchedulingException.class,
                e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.INVALID_STOP_RULE));
    }

    @Test
    void printsAsItIsWritten() {
        assertThat(StopRule.parse(" 10 / 1000 ")).hasToString("10/1000");
    }
}
