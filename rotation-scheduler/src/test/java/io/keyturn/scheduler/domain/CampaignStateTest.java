package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CampaignStateTest {

    @Test
    void pausesAndResumesARunningCampaign() {
        assertThat(CampaignState.RUNNING.pause()).isEqualTo(CampaignState.PAUSED);
        assertThat(CampaignState.PAUSED.resume()).isEqualTo(CampaignState.RUNNING);
    }

    @Test
    void resumesAHaltedCampaign() {
        assertThat(CampaignState.RUNNING.halt().resume()).isEqualTo(CampaignState.RUNNING);
    }

    @Test
    void cancelsAnythingNotFinal() {
        assertThat(CampaignState.HALTED.cancel()).isEqualTo(CampaignState.CANCELLED);
        assertThat(CampaignState.PAUSED.cancel()).isEqualTo(CampaignState.CANCELLED);
        assertThatThrownBy(CampaignState.COMPLETED::cancel).isInstanceOfSatisfying(SchedulingException.class,
                e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.INVALID_TRANSITION));
    }

    @Test
    void refusesTransitionsThatMakeNoSense() {
        assertThatThrownBy(CampaignState.RUNNING::resume).hasMessage("a running campaign cannot resume");
        assertThatThrownBy(CampaignState.PAUSED::pause).isInstanceOf(SchedulingException.class);
        assertThatThrownBy(CampaignState.CANCELLED::resume).isInstanceOf(SchedulingException.class);
        assertThatThrownBy(CampaignState.PAUSED::halt).isInstanceOf(SchedulingException.class);
    }
}
