package io.keyturn.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final long BASE_SEED = Long.getLong("keyturn.seed", 20260);

    static Stream<Long> seeds() {
        return LongStream.range(0, 300).mapToObj(i -> BASE_SEED + i * 7919);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(FaultSchedule.plan(42, FaultSchedule.rounds(2), 7, 3).faults())
                .isEqualTo(FaultSchedule.plan(42, FaultSchedule.rounds(2), 7, 3).faults());
    }

    @Test
    void anotherSeedGivesAnotherSchedule() {
        assertThat(FaultSchedule.plan(42, FaultSchedule.rounds(2), 7, 3).faults())
                .isNotEqualTo(FaultSchedule.plan(43, FaultSchedule.rounds(2), 7, 3).faults());
    }

    @Test
    void aRoundKillsEachServiceOnceAndInjectsOneOfEveryOtherKind() {
        FaultSchedule schedule = FaultSchedule.plan(1, FaultSchedule.rounds(1), 5, 2);

        Map<FaultKind, Long> kinds = schedule.faults().stream()
                .collect(Collectors.groupingBy(Fault::kind, Collectors.counting()));
        assertThat(kinds).containsEntry(FaultKind.KILL_ONE_SERVICE, 4L).containsEntry(FaultKind.KILL_TWO_SERVICES, 1L)
                .containsEntry(FaultKind.BROKER_RESTART, 1L).containsEntry(FaultKind.POSTGRES_RESTART, 1L)
                .containsEntry(FaultKind.CONSUMER_GROUP_REPLAY, 1L).containsEntry(FaultKind.DUPLICATE_AND_REORDER, 1L)
                .containsEntry(FaultKind.STORE_REFUSES_WRITES, 1L);
        assertThat(schedule.faults().stream().filter(f -> f.kind() == FaultKind.KILL_ONE_SERVICE)
                .map(f -> f.services().get(0))).containsExactlyInAnyOrderElementsOf(FaultSchedule.SERVICES);
    }

    @Test
    void fourRoundsReplayEveryServicesGroupAndDuplicateEveryTopic() {
        FaultSchedule schedule = FaultSchedule.plan(3, FaultSchedule.rounds(4), 20, 2);

        assertThat(schedule.faults().stream().filter(f -> f.kind() == FaultKind.CONSUMER_GROUP_REPLAY)
                .map(f -> f.services().get(0))).containsExactlyInAnyOrderElementsOf(FaultSchedule.SERVICES);
        assertThat(schedule.faults().stream().filter(f -> f.kind() == FaultKind.DUPLICATE_AND_REORDER)
                .map(Fault::topic)).containsExactlyInAnyOrderElementsOf(FaultSchedule.TOPICS);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyFaultIsWellFormedAndInOrder(long seed) {
        FaultSchedule schedule = FaultSchedule.plan(seed, FaultSchedule.rounds(3), 11, 4);
        String replay = "seed " + seed;

        assertThat(schedule.faults()).as(replay).hasSize(3 * 11);
        for (int i = 0; i < schedule.faults().size(); i++) {
            Fault f = schedule.faults().get(i);
            assertThat(f.number()).as(replay).isEqualTo(i + 1);
            assertThat(f.campaign()).as(replay).isBetween(0, 10);
            assertThat(f.afterStep()).as(replay).isBetween(0, 4);
            switch (f.kind()) {
                case KILL_ONE_SERVICE, CONSUMER_GROUP_REPLAY, CLOCK_SKEW ->
                        assertThat(f.services()).as(replay).hasSize(1).isSubsetOf(FaultSchedule.SERVICES);
                case KILL_TWO_SERVICES -> assertThat(f.services()).as(replay).hasSize(2).doesNotHaveDuplicates()
                        .isSubsetOf(FaultSchedule.SERVICES);
                default -> assertThat(f.services()).as(replay).isEmpty();
            }
            assertThat(f.topic() != null).as(replay).isEqualTo(f.kind() == FaultKind.DUPLICATE_AND_REORDER);
            if (f.topic() != null) {
                assertThat(FaultSchedule.TOPICS).as(replay).contains(f.topic());
            }
            switch (f.kind()) {
                case BROKER_RESTART -> assertThat(f.outage()).as(replay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
                case STORE_REFUSES_WRITES -> assertThat(f.outage()).as(replay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
                case CLOCK_SKEW -> assertThat(f.outage()).as(replay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
                default -> assertThat(f.outage()).as(replay).isZero();
            }
            if (f.kind() == FaultKind.CLOCK_SKEW) {
                assertThat(f.skew().abs()).as(replay).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(15));
                assertThat(f.label()).as(replay).contains(f.skew().isNegative() ? " -PT" : " +PT");
            } else {
                assertThat(f.skew()).as(replay).isZero();
            }
            if (i > 0) {
                Fault before = schedule.faults().get(i - 1);
                assertThat(before.campaign() < f.campaign()
                        || before.campaign() == f.campaign() && before.afterStep() <= f.afterStep()).as(replay).isTrue();
            }
        }
        // Spread over every campaign: 33 faults dealt round 11 campaigns leave none without one.
        assertThat(schedule.faults().stream().map(Fault::campaign).distinct()).as(replay).hasSize(11);
    }

    @Test
    void duringListsOnlyThatCampaignsFaults() {
        FaultSchedule schedule = FaultSchedule.plan(5, Map.of(FaultKind.KILL_ONE_SERVICE, 1,
                FaultKind.KILL_TWO_SERVICES, 1, FaultKind.BROKER_RESTART, 1), 2, 2);

        assertThat(schedule.during(0).size() + schedule.during(1).size()).isEqualTo(3);
        assertThat(schedule.during(0)).isNotEmpty().allMatch(f -> f.campaign() == 0);
        assertThat(schedule.during(1)).isNotEmpty().allMatch(f -> f.campaign() == 1);
    }

    @Test
    void placesEachCampaignsKindsInThatCampaign() {
        FaultSchedule schedule = FaultSchedule.planPerCampaign(11, List.of(
                Map.of(FaultKind.KILL_ONE_SERVICE, 1, FaultKind.KILL_TWO_SERVICES, 1),
                Map.of(FaultKind.BROKER_RESTART, 1, FaultKind.DUPLICATE_AND_REORDER, 1)), 1);

        assertThat(schedule.campaigns()).isEqualTo(2);
        assertThat(schedule.during(0)).extracting(Fault::kind)
                .containsExactlyInAnyOrder(FaultKind.KILL_ONE_SERVICE, FaultKind.KILL_TWO_SERVICES);
        assertThat(schedule.during(1)).extracting(Fault::kind)
                .containsExactlyInAnyOrder(FaultKind.BROKER_RESTART, FaultKind.DUPLICATE_AND_REORDER);
        assertThat(schedule.faults()).extracting(Fault::number).containsExactly(1, 2, 3, 4);
        assertThat(schedule.faults()).allMatch(f -> f.afterStep() <= 1);
        assertThat(FaultSchedule.planPerCampaign(11, List.of(Map.of(FaultKind.KILL_ONE_SERVICE, 1),
                Map.of(FaultKind.BROKER_RESTART, 1)), 1).faults())
                .isEqualTo(FaultSchedule.planPerCampaign(11, List.of(Map.of(FaultKind.KILL_ONE_SERVICE, 1),
                        Map.of(FaultKind.BROKER_RESTART, 1)), 1).faults());
    }

    @Test
    void refusesAScheduleWithoutFaultsOrCampaigns() {
        assertThatThrownBy(() -> FaultSchedule.plan(1, Map.of(), 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a schedule needs at least one fault");
        assertThatThrownBy(() -> FaultSchedule.plan(1, FaultSchedule.rounds(1), 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one campaign");
        assertThatThrownBy(() -> FaultSchedule.rounds(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be at least 1, not 0");
    }

    @Test
    void faultKindsAreNamedByTheirCodes() {
        assertThat(FaultKind.fromCode("kill-two-services")).isEqualTo(FaultKind.KILL_TWO_SERVICES);
        assertThatThrownBy(() -> FaultKind.fromCode("kill-everything"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown fault 'kill-everything'; known: kill-one-service, kill-two-services,");
    }
}
