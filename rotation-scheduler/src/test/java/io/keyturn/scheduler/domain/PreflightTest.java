package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final Eligibility WEEK = new Eligibility(Duration.ofDays(7));
    private static final List<Preflight.Candidate> FLEET = List.of(
            new Preflight.Candidate("000000000001", NOW.minus(Duration.ofHours(1))),
            new Preflight.Candidate("000000000002", null),
            new Preflight.Candidate("000000000003", NOW.minus(Duration.ofDays(8))),
            new Preflight.Candidate("000000000004", NOW.minus(Duration.ofDays(7))));

    @Test
    void holdsBackDevicesNotSeenWithinTheGraceWindow() {
        Preflight.Selection s = Preflight.select(FLEET, WEEK, false, 50, NOW);
        assertThat(s.preflight()).isEqualTo(new Preflight(4, 2, 2, 2, 2, 1));
        assertThat(s.targets()).containsExactly("000000000001", "000000000004");
    }

    @Test
    void includesOfflineDevicesWhenToldToButNeverInTheCanary() {
        Preflight.Selection s = Preflight.select(FLEET, WEEK, true, 100, NOW);
        assertThat(s.preflight().heldBack()).isZero();
        assertThat(s.preflight().targets()).isEqualTo(4);
        assertThat(s.preflight().canary()).isEqualTo(2);
        assertThat(s.targets().subList(0, 2)).containsExactly("000000000001", "000000000004");
    }

    @Test
    void eligibilityCountsANeverSeenDeviceAsOffline() {
        assertThat(WEEK.online(null, NOW)).isFalse();
        assertThat(WEEK.online(NOW.minus(Duration.ofDays(6)), NOW)).isTrue();
    }
}
