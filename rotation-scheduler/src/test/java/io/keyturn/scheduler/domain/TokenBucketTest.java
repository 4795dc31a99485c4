package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void neverGrantsMoreThanTheRateOverAMinute() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        TokenBucket bucket = TokenBucket.full(new Rate(500), clock.instant());
        int granted = 0;
        for (int tick = 0; tick < 60; tick++) {
            clock.advance(Duration.ofSeconds(1));
            bucket = bucket.refill(clock.instant());
            int n = bucket.available();
            bucket = bucket.take(n);
            granted += n;
        }
        // 500 per minute, plus at most the initial two-second burst.
        assertThat(granted).isBetween(490, 500 + 17);
    }

    @Test
    void doesNotSaveUpWhileIdle() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        TokenBucket bucket = TokenBucket.full(new Rate(600), clock.instant()).take(20);
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.refill(clock.instant()).available()).isEqualTo(20);
    }

    @Test
    void aSlowRateStillGrantsOneAtATime() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        TokenBucket bucket = TokenBucket.full(new Rate(1), clock.instant()).take(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(bucket.refill(clock.instant()).available()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.refill(clock.instant()).available()).isEqualTo(1);
    }

    @Test
    void aClockThatGoesBackRefillsNothing() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        TokenBucket bucket = TokenBucket.full(new Rate(60), clock.instant()).take(2);
        assertThat(bucket.refill(clock.instant().minusSeconds(30)).available()).isZero();
    }

    @Test
    void refusesToTakeMoreThanItHolds() {
        TokenBucket bucket = TokenBucket.full(new Rate(60), FakeClock.at("2026-01-01T00:00:00Z").instant());
        assertThatThrownBy(() -> bucket.take(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
