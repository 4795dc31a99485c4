package io.keyturn.simulator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    @Test
    void tasksOfOneSliceRunTogetherOnThePool() throws Exception {
        // Two tasks that each wait for the other: they finish only if they run at the same time.
        CountDownLatch both = new CountDownLatch(2);
        List<Boolean> met = java.util.Collections.synchronizedList(new ArrayList<>());
        Runnable meet = () -> {
            both.countDown();
            try {
                met.add(both.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        scheduler.schedule(t0.plusMillis(100), meet);
        scheduler.schedule(t0.plusMillis(900), meet);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            assertThat(scheduler.runFor(Duration.ofSeconds(5), pool, Duration.ofSeconds(1))).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }

        assertThat(met).containsExactly(true, true);
        assertThat(scheduler.now()).isEqualTo(t0.plusSeconds(5));
    }

    @Test
    void slicesRunInTimeOrderWithTheClockAtTheirLastTask() throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        scheduler.schedule(t0.plusMillis(2500), () -> seen.add("late@" + scheduler.now().toEpochMilli() % 10_000));
        scheduler.schedule(t0.plusMillis(200), () -> seen.add("early@" + scheduler.now().toEpochMilli() % 10_000));
        scheduler.schedule(t0.plusMillis(700), () -> {
            // Scheduled inside the slice, due before its end: runs in the next batch, never lost.
            scheduler.schedule(t0.plusMillis(800), () -> seen.add("child@" + scheduler.now().toEpochMilli() % 10_000));
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertThat(scheduler.runFor(Duration.ofSeconds(3), pool, Duration.ofSeconds(1))).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).containsExactly("early@700", "child@800", "late@2500");
        assertThat(scheduler.executed()).isEqualTo(4);
    }

    @Test
    void aFailingTaskFailsTheRunAfterItsSliceAndTheSchedulerRunsAgain() throws Exception {
        scheduler.schedule(t0.plusMillis(10), () -> {
            throw new IllegalStateException("unit fell over");
        });
        scheduler.schedule(t0.plusMillis(20), () -> ran.add("neighbour"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertThatThrownBy(() -> scheduler.runFor(Duration.ofSeconds(1), pool, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("unit fell over");
            assertThat(ran).containsExactly("neighbour");
            scheduler.schedule(scheduler.now(), () -> ran.add("again"));
            assertThat(scheduler.runFor(Duration.ofSeconds(1), pool, Duration.ofSeconds(1))).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ran).containsExactly("neighbour", "again");
    }
}
