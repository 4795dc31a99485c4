package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceStageTest {

    @Test
    void movesOnlyForward() {
        assertThat(DeviceStage.REQUESTED.canMoveTo(DeviceStage.ISSUED)).isTrue();
        assertThat(DeviceStage.PUBLISHED.canMoveTo(DeviceStage.ISSUED)).isFalse();
        assertThat(DeviceStage.PENDING.canMoveTo(DeviceStage.ISSUED)).isFalse();
        assertThat(DeviceStage.CONFIRMED.canMoveTo(DeviceStage.FAILED)).isFalse();
    }

    @Test
    void aLateConfirmationStillCounts() {
        assertThat(DeviceStage.TIMED_OUT.canMoveTo(DeviceStage.CONFIRMED)).isTrue();
        assertThat(DeviceStage.TIMED_OUT.canMoveTo(DeviceStage.PUBLISHED)).isFalse();
    }

    @Test
    void onlyInFlightDevicesTimeOutAndOnlyPendingOnesAreCancelled() {
        assertThat(DeviceStage.PUBLISHED.canMoveTo(DeviceStage.TIMED_OUT)).isTrue();
        assertThat(DeviceStage.PENDING.canMoveTo(DeviceStage.TIMED_OUT)).isFalse();
        assertThat(DeviceStage.PENDING.canMoveTo(DeviceStage.CANCELLED)).isTrue();
        assertThat(DeviceStage.ISSUED.canMoveTo(DeviceStage.CANCELLED)).isFalse();
    }

    @Test
    void readsItsOwnCodes() {
        for (DeviceStage s : DeviceStage.values()) {
            assertThat(DeviceStage.fromCode(s.code())).isEqualTo(s);
        }
        assertThat(DeviceStage.TIMED_OUT.code()).isEqualTo("timed-out");
    }
}
