package io.keyturn.delivery.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MissLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MissLimiter limiter = new MissLimiter(3, 6, now::get);

    @Test
    void limitsASourceAfterItsBurstAndSaysSoOnce() {
        assertThat(limiter.miss("10.0.0.1")).isEqualTo(MissLimiter.Verdict.ALLOWED);
        assertThat(limiter.miss("10.0.0.1")).isEqualTo(MissLimiter.Verdict.ALLOWED);
        assertThat(limiter.isLimited("10.0.0.1")).isFalse();
        assertThat(limiter.miss("10.0.0.1")).isEqualTo(MissLimiter.Verdict.NOW_LIMITED);
        assertThat(limiter.isLimited("10.0.0.1")).isTrue();
        assertThat(limiter.miss("10.0.0.1")).isEqualTo(MissLimiter.Verdict.LIMITED);
    }

    @Test
    void keepsSourcesApart() {
        for (int i = 0; i < 3; i++) {
            limiter.miss("10.0.0.1");
        }
        assertThat(limiter.isLimited("10.0.0.1")).isTrue();
        assertThat(limiter.isLimited("10.0.0.2")).isFalse();
        assertThat(limiter.miss("10.0.0.2")).isEqualTo(MissLimiter.Verdict.ALLOWED);
    }

    @Test
    void refillsAtItsRate() {
        for (int i = 0; i < 3; i++) {
            limiter.miss("10.0.0.1");
        }
        now.addAndGet(9_000_000_000L); // 6 per minute: one token per 10 s
        assertThat(limiter.isLimited("10.0.0.1")).isTrue();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.isLimited("10.0.0.1")).isFalse();
        assertThat(limiter.miss("10.0.0.1")).isEqualTo(MissLimiter.Verdict.NOW_LIMITED);
    }

    @Test
    void sweepForgetsSourcesWhoseBucketIsFullAgain() {
        limiter.miss("10.0.0.1");
        for (int i = 0; i < 3; i++) {
            limiter.miss("10.0.0.2");
        }
        assertThat(limiter.sweep()).isEqualTo(2);
        now.addAndGet(10_000_000_000L);
        assertThat(limiter.sweep()).as("10.0.0.1 is full again, 10.0.0.2 is not").isEqualTo(1);
        now.addAndGet(60_000_000_000L);
        assertThat(limiter.sweep()).isZero();
    }

    @Test
    void refusesANonsensicalBudget() {
        assertThatThrownBy(() -> new MissLimiter(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MissLimiter(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
