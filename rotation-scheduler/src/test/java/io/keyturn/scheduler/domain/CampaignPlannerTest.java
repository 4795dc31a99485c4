package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.scheduler.domain.CampaignPlan.Action;
import io.keyturn.scheduler.domain.CampaignSnapshot.Cohort;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignPlannerTest {

    private static final StopRule RULE = StopRule.parse("10/1000");
    private static final Instant NOON = Instant.parse("2026-01-15T12:00:00Z");
    private static final WindowSchedule NIGHTS = new WindowSchedule(ZoneId.of("UTC"),
            List.of(MaintenanceWindow.of(EnumSet.allOf(DayOfWeek.class), "01:00", "05:00")));

    private final CampaignPlanner open = new CampaignPlanner(RULE, WindowSchedule.ALWAYS, false);

    private static CampaignSnapshot running(boolean inCanary, Cohort canary, Cohort all, int recentBad) {
        return new CampaignSnapshot(CampaignState.RUNNING, inCanary, canary, all, recentBad);
    }

    @Test
    void issuesTheCanaryFirstAndOnlyTheCanary() {
        CampaignPlan plan = open.plan(running(true, new Cohort(50, 50, 0, 0), new Cohort(5000, 5000, 0, 0), 0), 500, NOON);
        assertThat(plan.action()).isEqualTo(Action.ISSUE);
        assertThat(plan.fromCanary()).isTrue();
        assertThat(plan.count()).isEqualTo(50);
    }

    @Test
    void waitsForTheWholeCanaryBeforeAnyWave() {
        CampaignPlan plan = open.plan(running(true, new Cohort(50, 0, 3, 0), new Cohort(5000, 4950, 3, 0), 0), 500, NOON);
        assertThat(plan.action()).isEqualTo(Action.NOTHING);
        assertThat(plan.reason()).contains("3 canary devices");
    }

    @Test
    void passesAHealthyCanaryAndStartsTheWavesAtTheAllowedRate() {
        CampaignPlan plan = open.plan(running(true, new Cohort(50, 0, 0, 0), new Cohort(5000, 4950, 0, 0), 0), 120, NOON);
        assertThat(plan.action()).isEqualTo(Action.ISSUE);
        assertThat(plan.passCanary()).isTrue();
        assertThat(plan.fromCanary()).isFalse();
        assertThat(plan.count()).isEqualTo(120);
    }

    @Test
    void haltsOnASickCanary() {
        CampaignPlan plan = open.plan(running(true, new Cohort(50, 0, 0, 2), new Cohort(5000, 4950, 0, 2), 2), 500, NOON);
        assertThat(plan.action()).isEqualTo(Action.HALT);
        assertThat(plan.reason()).contains("canary failed: 2 of 50");
    }

    @Test
    void haltsWhenTheStopRuleTripsEvenWithTokensLeft() {
        CampaignPlan plan = open.plan(running(false, new Cohort(50, 0, 0, 0), new Cohort(5000, 3000, 900, 10), 10), 500, NOON);
        assertThat(plan.action()).isEqualTo(Action.HALT);
        assertThat(plan.reason()).contains("10/1000");
    }

    @Test
    void waitsOutsideTheMaintenanceWindowsAndSaysWhenTheyOpen() {
        CampaignPlanner planner = new CampaignPlanner(RULE, NIGHTS, false);
        CampaignPlan plan = planner.plan(running(false, new Cohort(0, 0, 0, 0), new Cohort(100, 100, 0, 0), 0), 50, NOON);
        assertThat(plan.action()).isEqualTo(Action.WAIT);
        assertThat(plan.resumesAt()).isEqualTo(Instant.parse("2026-01-16T01:00:00Z"));
    }

    @Test
    void anEmergencyIgnoresTheWindowsButNotTheRate() {
        CampaignPlanner planner = new CampaignPlanner(RULE, NIGHTS, true);
        CampaignSnapshot s = running(false, new Cohort(0, 0, 0, 0), new Cohort(100, 100, 0, 0), 0);
        assertThat(planner.plan(s, 30, NOON).count()).isEqualTo(30);
        assertThat(planner.plan(s, 0, NOON).action()).isEqualTo(Action.WAIT);
    }

    @Test
    void issuesNothingWithoutTokens() {
        CampaignPlan plan = open.plan(running(false, new Cohort(0, 0, 0, 0), new Cohort(100, 100, 0, 0), 0), 0, NOON);
        assertThat(plan.action()).isEqualTo(Action.WAIT);
        assertThat(plan.reason()).contains("rate limit");
    }

    @Test
    void completesOnceEveryDeviceHasAnOutcome() {
        CampaignPlan plan = open.plan(running(false, new Cohort(50, 0, 0, 0), new Cohort(5000, 0, 0, 9), 0), 500, NOON);
        assertThat(plan.action()).isEqualTo(Action.COMPLETE);
    }

    @Test
    void doesNothingWhilePausedOrHalted() {
        for (CampaignState s : List.of(CampaignState.PAUSED, CampaignState.HALTED, CampaignState.CANCELLED)) {
            CampaignSnapshot snap = new CampaignSnapshot(s, false, new Cohort(0, 0, 0, 0), new Cohort(10, 10, 0, 0), 0);
            assertThat(open.plan(snap, 500, NOON).action()).as("%s", s).isEqualTo(Action.NOTHING);
        }
    }

    @Test
    void ratesDriveAWholeCampaignToTheEndAtTheAllowedPace() {
        // A 1,000-device campaign at 120/min with a 1 % canary, driven tick by tick with a fake clock; every
        // requested device confirms at the next tick.
        FakeClock clock = FakeClock.at("2026-01-15T12:00:00Z");
        TokenBucket bucket = TokenBucket.full(new Rate(120), clock.instant());
        int size = 1000;
        int canary = CampaignPlanner.canarySize(size, 1);
        int canaryPending = canary;
        int pending = size;
        boolean inCanary = true;
        int ticks = 0;
        CampaignPlan plan;
        do {
            clock.advance(Duration.ofSeconds(1));
            ticks++;
            bucket = bucket.refill(clock.instant());
            Cohort c = new Cohort(canary, canaryPending, 0, 0);
            plan = open.plan(running(inCanary, c, new Cohort(size, pending, 0, 0), 0), bucket.available(), clock.instant());
            if (plan.passCanary()) {
                inCanary = false;
            }
            if (plan.action() == Action.ISSUE) {
                bucket = bucket.take(plan.count());
                pending -= plan.count();
                if (plan.fromCanary()) {
                    canaryPending -= plan.count();
                }
            }
        } while (plan.action() != Action.COMPLETE && ticks < 10_000);
        assertThat(canary).isEqualTo(10);
        assertThat(plan.action()).isEqualTo(Action.COMPLETE);
        // 1,000 at 120/min is 500 s, less the initial burst.
        assertThat(ticks).isBetween(490, 505);
    }

    @Test
    void sizesTheCanaryAsAtLeastOneDevice() {
        assertThat(CampaignPlanner.canarySize(5000, 1)).isEqualTo(50);
        assertThat(CampaignPlanner.canarySize(10, 1)).isEqualTo(1);
        assertThat(CampaignPlanner.canarySize(10, 0)).isZero();
        assertThat(CampaignPlanner.canarySize(0, 5)).isZero();
        assertThatThrownBy(() -> CampaignPlanner.canarySize(10, 101)).isInstanceOf(SchedulingException.class);
    }

    @Test
    void aWavesSnapshotPlansAsEveryCountWouldHave() {
        // The tick reads pending devices only up to its tokens, and no in-flight or bad counts, while the waves run:
        // for every mix of those counts, the plan must be the one the full counts give.
        CampaignPlanner nights = new CampaignPlanner(RULE, NIGHTS, false);
        Instant night = Instant.parse("2026-01-15T02:00:00Z");
        for (int pending : new int[] {1, 7, 400, 4_000}) {
            for (int tokens : new int[] {0, 1, 5, 500, 10_000}) {
                for (int recentBad : new int[] {0, 9, 10}) {
                    for (int[] flightAndBad : new int[][] {{0, 0}, {300, 0}, {20, 40}}) {
                        Cohort all = new Cohort(5_000, pending, flightAndBad[0], flightAndBad[1]);
                        CampaignSnapshot counted = running(false, new Cohort(50, 0, 0, 2), all, recentBad);
                        CampaignSnapshot waves = CampaignSnapshot.waves(CampaignState.RUNNING, 5_000,
                                Math.min(pending, Math.max(1, tokens)), recentBad);
                        for (CampaignPlanner planner : List.of(open, nights)) {
                            for (Instant at : List.of(NOON, night)) {
                                assertThat(planner.plan(waves, tokens, at))
                                        .as("pending %d, tokens %d, recent bad %d, in flight %d, bad %d", pending,
                                                tokens, recentBad, flightAndBad[0], flightAndBad[1])
                                        .isEqualTo(planner.plan(counted, tokens, at));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyAWavesCampaignWithDevicesPendingMaySkipCounts() {
        Cohort none = new Cohort(0, 0, 0, 0);
        assertThatThrownBy(() -> new CampaignSnapshot(CampaignState.RUNNING, true, none, new Cohort(10, 5, 0, 0), 0,
                false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CampaignSnapshot.waves(CampaignState.RUNNING, 10, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CampaignSnapshot.waves(CampaignState.RUNNING, 10, 3, 0).counted()).isFalse();
    }
}
