package io.keyturn.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ServiceClockTest {

    @Test
    void withoutASkewItIsTheHostsUtcClock() {
        assertThat(ServiceClock.of(Duration.ZERO)).isEqualTo(Clock.systemUTC());
    }

    @Test
    void aSkewShiftsEveryInstantAheadOrBehindInUtc() {
        Clock ahead = ServiceClock.of(Duration.ofMinutes(7));
        Clock behind = ServiceClock.of(Duration.parse("-PT90S"));

        assertThat(ahead.instant()).isCloseTo(Instant.now().plus(Duration.ofMinutes(7)), within(5, ChronoUnit.SECONDS));
        assertThat(behind.instant()).isCloseTo(Instant.now().minusSeconds(90), within(5, ChronoUnit.SECONDS));
        assertThat(ahead.getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
