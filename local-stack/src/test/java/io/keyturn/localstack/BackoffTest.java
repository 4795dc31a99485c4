package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromOneSecondUpToThirtyForAProcessThatKeepsDying() {
        Backoff backoff = new Backoff();
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(1);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(2);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(4);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(8);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(16);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(30);
        assertThat(backoff.afterExit(Duration.ofSeconds(2))).hasSeconds(30);
    }

    @Test
    void startsOverAtOneSecondOnceAProcessRanForAMinute() {
        Backoff backoff = new Backoff();
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);
        backoff.afterExit(Duration.ZERO);
        assertThat(backoff.afterExit(Duration.ofSeconds(61))).hasSeconds(1);
        assertThat(backoff.afterExit(Duration.ofSeconds(3))).hasSeconds(2);
    }
}
