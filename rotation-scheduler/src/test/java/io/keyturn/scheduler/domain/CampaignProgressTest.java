package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    @Test
    void estimatesTheEndFromTheRemainingRequestsAndTheTypicalConfirmation() {
        CampaignProgress p = new CampaignProgress(5000, 1000, 100, 4000, 3950, 3900, 3800, 0, 0);
        assertThat(p.eta(CampaignState.RUNNING, new Rate(500), Duration.ofMinutes(3), NOW))
                .contains(NOW.plus(Duration.ofMinutes(2 + 3)));
    }

    @Test
    void hasNoEstimateWhenNotRunningOrDone() {
        CampaignProgress p = new CampaignProgress(10, 5, 0, 5, 5, 5, 5, 0, 0);
        assertThat(p.eta(CampaignState.PAUSED, new Rate(500), null, NOW)).isEmpty();
        CampaignProgress done = new CampaignProgress(10, 0, 0, 10, 10, 10, 9, 1, 0);
        assertThat(done.eta(CampaignState.RUNNING, new Rate(500), null, NOW)).isEmpty();
        assertThat(done.settled()).isEqualTo(10);
    }

    @Test
    void aStragglerHasUsedMoreThanHalfItsTimeToConfirm() {
        Instant requested = NOW.minus(Duration.ofMinutes(40));
        assertThat(CampaignProgress.straggler(requested, requested.plus(Duration.ofHours(1)), NOW)).isTrue();
        assertThat(CampaignProgress.straggler(requested, requested.plus(Duration.ofHours(2)), NOW)).isFalse();
    }
}
