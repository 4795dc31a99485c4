package io.keyturn.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.localstack.chaos.InvariantCheck.Campaign;
import io.keyturn.localstack.chaos.InvariantCheck.CampaignDevice;
import io.keyturn.localstack.chaos.InvariantCheck.Invariant;
import io.keyturn.localstack.chaos.InvariantCheck.Unit;
import io.keyturn.localstack.chaos.InvariantCheck.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InvariantCheckTest {

    private static final long BASE_SEED = Long.getLong("keyturn.seed", 9);

    /** A settled run: every unit through every campaign, every event once, every unit on the newest key. */
    private static final class World {
        final List<Unit> units = new ArrayList<>();
        final List<Campaign> campaigns = new ArrayList<>();
        final List<RotationEvent> events = new ArrayList<>();

        World(int devices, int campaignCount) {
            List<String> macs = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                macs.add(String.format("000e08%06x", i));
            }
            long newest = campaignCount + 1L;
            for (String mac : macs) {
                for (long g = 1; g <= newest; g++) {
                    String campaign = g == 1 ? null : "c" + (g - 1);
                    if (campaign != null) {
                        events.add(event("requested", mac, 0, campaign));
                    }
                    events.add(event("issued", mac, g, campaign));
                    events.add(event("published", mac, g, campaign));
                    events.add(event("confirmed", mac, g, campaign));
                    if (g > 1) {
                        events.add(event("retired", mac, g - 1, campaign));
                    }
                }
                units.add(new Unit(mac, newest, newest, false, key(mac, newest)));
            }
            for (int c = 1; c <= campaignCount; c++) {
                long generation = c + 1L;
                campaigns.add(new Campaign("c" + c, "completed", devices, devices, devices, devices, devices, 0,
                        macs.stream().map(m -> new CampaignDevice(m, "confirmed", generation)).toList()));
            }
        }

        Verdict check() {
            return InvariantCheck.check(units, campaigns, events);
        }

        RotationEvent find(String stage, String mac, long generation) {
            return events.stream().filter(e -> e.stage().equals(stage) && e.mac().equals(mac)
                    && e.generation() == generation).findFirst().orElseThrow();
        }
    }

    private static RotationEvent event(String stage, String mac, long generation, String campaign) {
        return new RotationEvent(UUID.randomUUID().toString(), stage, mac, generation, campaign,
                stage.equals("requested") ? null : key(mac, generation));
    }

    private static String key(String mac, long generation) {
        return "fp-" + mac + "-" + generation;
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 200).mapToObj(i -> BASE_SEED + i);
    }

    @Test
    void aSettledRunHoldsEveryInvariant() {
        Verdict verdict = new World(5, 2).check();

        assertThat(verdict.allHold()).as(verdict.describe()).isTrue();
        assertThat(verdict.describe()).isEqualTo("every invariant held");
        assertThat(verdict.copies()).isZero();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void copiesAndAnyOrderOfTheSameEventsChangeNothing(long seed) {
        World world = new World(4, 3);
        SplittableRandom random = new SplittableRandom(seed);
        int copies = 1 + random.nextInt(40);
        for (int i = 0; i < copies; i++) {
            world.events.add(world.events.get(random.nextInt(world.events.size())));
        }
        for (int i = world.events.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            world.events.set(i, world.events.set(j, world.events.get(i)));
        }

        Verdict verdict = world.check();

        assertThat(verdict.allHold()).as("seed " + seed + ": " + verdict.describe()).isTrue();
        assertThat(verdict.copies()).as("seed " + seed).isEqualTo(copies);
    }

    @Test
    void aSecondIssuedEventForTheSameGenerationIsADouble() {
        World world = new World(3, 2);
        world.events.add(event("issued", "000e08000001", 2, "c1"));

        Verdict verdict = world.check();

        assertThat(verdict.holds(Invariant.NO_DOUBLES)).isFalse();
        assertThat(verdict.violations().get(Invariant.NO_DOUBLES)).singleElement().asString()
                .startsWith("000e08000001 generation 2: 2 distinct issued events");
        assertThat(verdict.holds(Invariant.LIFECYCLE_COMPLETE)).isTrue();
    }

    @Test
    void aGenerationBeyondTheNewestIsADouble() {
        World world = new World(2, 1);
        world.events.add(event("issued", "000e08000000", 3, "c1"));

        assertThat(world.check().violations().get(Invariant.NO_DOUBLES))
                .anySatisfy(v -> assertThat(v).isEqualTo("000e08000000: issued of generation 3, beyond the newest expected (2)"));
    }

    @Test
    void aSecondRequestForTheSameDeviceInACampaignIsADouble() {
        World world = new World(2, 2);
        world.events.add(event("requested", "000e08000001", 0, "c2"));

        assertThat(world.check().violations().get(Invariant.NO_DOUBLES))
                .containsExactly("campaign c2: 2 distinct requests for 000e08000001");
    }

    @Test
    void aMissingConfirmationOrRetirementIsAnIncompleteLifecycle() {
        World world = new World(3, 2);
        world.events.remove(world.find("confirmed", "000e08000002", 3));
        world.events.remove(world.find("retired", "000e08000000", 1));

        Verdict verdict = world.check();

        assertThat(verdict.violations().get(Invariant.LIFECYCLE_COMPLETE)).containsExactlyInAnyOrder(
                "000e08000002 generation 3: no confirmed event", "000e08000000 generation 1: no retired event");
        assertThat(verdict.holds(Invariant.NO_DOUBLES)).isTrue();
    }

    @Test
    void aFailedRotationBreaksTheLifecycle() {
        World world = new World(2, 1);
        world.events.add(event("failed", "000e08000001", 2, "c1"));

        assertThat(world.check().violations().get(Invariant.LIFECYCLE_COMPLETE)).singleElement().asString()
                .startsWith("000e08000001 generation 2: a rotation failed");
    }

    @Test
    void aUnitBehindTheNewestIsStrandedAndNotOnTheNewest() {
        World world = new World(3, 2);
        world.units.set(1, new Unit("000e08000001", 3, 2, true, key("000e08000001", 2)));

        Verdict verdict = world.check();

        assertThat(verdict.violations().get(Invariant.NONE_STRANDED))
                .containsExactly("000e08000001 stranded: registry generation 3, confirmed 2, its resyncs failing");
        assertThat(verdict.violations().get(Invariant.ALL_ON_NEWEST))
                .containsExactly("000e08000001 on generation 2 of 3, newest is 3");
    }

    @Test
    void aUnitHoldingAnotherKeyThanTheNewestGenerationsIsNotOnTheNewest() {
        World world = new World(2, 1);
        world.units.set(0, new Unit("000e08000000", 2, 2, false, key("000e08000000", 1)));

        Verdict verdict = world.check();

        assertThat(verdict.holds(Invariant.NONE_STRANDED)).isTrue();
        assertThat(verdict.violations().get(Invariant.ALL_ON_NEWEST))
                .containsExactly("000e08000000 holds key fp-000e08000000-1, not generation 2's fp-000e08000000-2");
    }

    @Test
    void campaignCountersMustEachEqualTheFleet() {
        World world = new World(3, 2);
        Campaign c = world.campaigns.get(1);
        world.campaigns.set(1, new Campaign(c.id(), "completed", 3, 3, 3, 4, 2, 1, c.devices()));

        assertThat(world.check().violations().get(Invariant.COUNTERS_EXACT)).containsExactlyInAnyOrder(
                "campaign c2: confirmed 2, not 3", "campaign c2: published 4, not 3", "campaign c2: failed 1, not 0");
    }

    @Test
    void aCampaignThatDidNotCompleteOrMissesADeviceBreaksTheCounters() {
        World world = new World(3, 1);
        Campaign c = world.campaigns.get(0);
        world.campaigns.set(0, new Campaign(c.id(), "halted", 3, 3, 3, 3, 3, 0, c.devices().subList(0, 2)));

        assertThat(world.check().violations().get(Invariant.COUNTERS_EXACT)).containsExactlyInAnyOrder(
                "campaign c1 ended halted, not completed", "campaign c1 does not list 000e08000002");
    }

    @Test
    void aDeviceListedTwiceInACampaignIsCountedTwice() {
        World world = new World(2, 1);
        Campaign c = world.campaigns.get(0);
        List<CampaignDevice> devices = new ArrayList<>(c.devices());
        devices.add(devices.get(0));
        world.campaigns.set(0, new Campaign(c.id(), "completed", 2, 2, 2, 2, 2, 0, devices));

        assertThat(world.check().violations().get(Invariant.NO_DOUBLES))
                .containsExactly("campaign c1 lists 000e08000000 2 times");
    }

    @Test
    void describeNamesEachBrokenInvariantWithItsFirstViolations() {
        World world = new World(2, 1);
        world.events.remove(world.find("published", "000e08000000", 2));

        assertThat(world.check().describe())
                .isEqualTo("lifecycle complete: 1 violation(s), e.g. 000e08000000 generation 2: no published event");
    }
}
