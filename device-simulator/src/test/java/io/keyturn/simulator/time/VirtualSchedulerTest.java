package io.keyturn.simulator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final Instant t0 = scheduler.now();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsTasksInTimeOrderThenBySchedulingOrder() {
        scheduler.schedule(t0.plusSeconds(20), () -> ran.add("b"));
        scheduler.schedule(t0.plusSeconds(10), () -> ran.add("a"));
        scheduler.schedule(t0.plusSeconds(20), () -> ran.add("c"));

        assertThat(scheduler.runFor(Duration.ofMinutes(1))).isEqualTo(3);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(scheduler.now()).isEqualTo(t0.plusSeconds(60));
    }

    @Test
    void theClockStandsAtEachTaskWhileItRuns() {
        List<Instant> seen = new ArrayList<>();
        scheduler.schedule(t0.plusSeconds(5), () -> seen.add(scheduler.now()));
        scheduler.schedule(t0.plusSeconds(7), () -> seen.add(scheduler.clock().instant()));

        scheduler.runFor(Duration.ofSeconds(10));

        assertThat(seen).containsExactly(t0.plusSeconds(5), t0.plusSeconds(7));
    }

    @Test
    void leavesTasksAfterTheEndForLater() {
        scheduler.schedule(t0.plusSeconds(61), () -> ran.add("late"));

        scheduler.runFor(Duration.ofMinutes(1));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(scheduler.nextDue()).contains(t0.plusSeconds(61));

        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("late");
    }

    @Test
    void tasksScheduledByATaskRunInTheSameCallWhenDue() {
        scheduler.schedule(t0.plusSeconds(1), () -> {
            ran.add("first");
            scheduler.schedule(scheduler.now().plusSeconds(1), () -> ran.add("second"));
        });

        scheduler.runFor(Duration.ofSeconds(2));

        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aCancelledTaskNeverRuns() {
        Scheduler.Handle handle = scheduler.schedule(t0.plusSeconds(1), () -> ran.add("x"));
        handle.cancel();

        scheduler.runFor(Duration.ofSeconds(5));

        assertThat(ran).isEmpty();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aTaskInThePastRunsNow() {
        scheduler.runFor(Duration.ofSeconds(10));
        scheduler.schedule(t0, () -> ran.add("late"));

        scheduler.runDue();

        assertThat(ran).containsExactly("late");
    }

    @Test
    void timeNeverRunsBackwards() {
        scheduler.runFor(Duration.ofSeconds(10));

        assertThatThrownBy(() -> scheduler.runUntil(t0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.clock().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToRunFromInsideATask() {
        scheduler.schedule(t0, () -> scheduler.runFor(Duration.ofSeconds(1)));

        assertThatThrownBy(scheduler::runDue).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aZonedViewOfTheClockMovesWithIt() {
        var paris = scheduler.clock().withZone(java.time.ZoneId.of("Europe/Paris"));

        scheduler.runFor(Duration.ofHours(5));

        assertThat(paris.instant()).isEqualTo(t0.plus(Duration.ofHours(5)));
    }
}
