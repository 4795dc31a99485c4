package io.keyturn.localstack.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What must hold once a chaos run has settled, checked over what the operator can see: the registry's and the
 * simulated units' view of every device, the scheduler's campaigns, and every record of {@code keyturn.rotations}.
 * A copy of an event (a duplicate, a replay, an outbox re-send) carries the same CloudEvent id, so the checks
 * count distinct ids: a second id for the same step of the same rotation is an effect applied twice.
 */
public final class InvariantCheck {

    /** The promises of issue 9, as the report's columns name them. */
    public enum Invariant {
        NONE_STRANDED("stranded 0"),
        ALL_ON_NEWEST("on newest"),
        COUNTERS_EXACT("counters exact"),
        LIFECYCLE_COMPLETE("lifecycle complete"),
        NO_DOUBLES("no doubles");

        private final String label;

        Invariant(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One device: the registry's generations and what the simulated unit holds.
     *
     * @param generation the newest generation issued, as the registry shows it
     * @param confirmedGeneration the newest the device proved to hold, as the registry shows it
     * @param failing whether the unit's last resync failed (it is retrying)
     * @param heldKeyFingerprint the fingerprint of the key that opened the unit's last profile, or null
     */
    public record Unit(String mac, long generation, long confirmedGeneration, boolean failing, String heldKeyFingerprint) {
    }

    /** A campaign as the scheduler reports it, with each of its devices. */
    public record Campaign(String id, String state, int total, int requested, int issued, int published, int confirmed,
            int failed, List<CampaignDevice> devices) {

        public Campaign {
            devices = List.copyOf(devices);
        }
    }

    /** One device of a campaign: its stage and the generation the campaign gave it. */
    public record CampaignDevice(String mac, String stage, long generation) {
    }

    /**
     * The outcome: the violations per invariant (empty when it held) and what the events looked like.
     *
     * @param records records of {@code keyturn.rotations} read
     * @param distinctEvents distinct event ids among them
     */
    public record Verdict(Map<Invariant, List<String>> violations, int records, int distinctEvents) {

        public boolean holds(Invariant invariant) {
            return violations.getOrDefault(invariant, List.of()).isEmpty();
        }

        public boolean allHold() {
            return violations.values().stream().allMatch(List::isEmpty);
        }

        /** Records that repeated an id already seen: injected copies, replays and re-sends. */
        public int copies() {
            return records - distinctEvents;
        }

        /** One line per broken invariant with its first violations, for a failure message. */
        public String describe() {
            if (allHold()) {
                return "every invariant held";
            }
            StringBuilder s = new StringBuilder();
            violations.forEach((invariant, list) -> {
                if (!list.isEmpty()) {
                    s.append(invariant.label()).append(": ").append(list.size()).append(" violation(s), e.g. ")
                            .append(String.join("; ", list.subList(0, Math.min(5, list.size())))).append('\n');
                }
            });
            return s.toString().strip();
        }
    }

    private static final List<String> LIFECYCLE = List.of("issued", "published", "confirmed");

    private InvariantCheck() {
    }

    /**
     * Checks a settled run in which every unit of {@code units} was in each of {@code campaigns}, in order: each
     * campaign gave every unit one more generation, so the newest is {@code campaigns.size() + 1} (generation 1 is
     * issued at registration).
     */
    public static Verdict check(List<Unit> units, List<Campaign> campaigns, List<RotationEvent> records) {
        Map<Invariant, List<String>> violations = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            violations.put(invariant, new ArrayList<>());
        }
        long newest = campaigns.size() + 1L;
        Set<String> macs = units.stream().map(Unit::mac).collect(Collectors.toCollection(LinkedHashSet::new));

        // Distinct events per step and rotation: (mac, generation, stage) -> ids; requests per (mac, campaign).
        Map<String, Set<String>> ids = new HashMap<>();
        Map<String, RotationEvent> first = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        for (RotationEvent e : records) {
            if (!distinct.add(e.id())) {
                continue;
            }
            first.put(e.id(), e);
            String key = e.stage().equals("requested") ? request(e.mac(), e.campaignId()) : step(e.mac(), e.generation(), e.stage());
            ids.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(e.id());
            if (e.stage().equals("failed")) {
                violations.get(Invariant.LIFECYCLE_COMPLETE).add(e.mac() + " generation " + e.generation()
                        + ": a rotation failed (event " + e.id() + ")");
            }
            if (!e.stage().equals("requested") && macs.contains(e.mac()) && e.generation() > newest) {
                violations.get(Invariant.NO_DOUBLES).add(e.mac() + ": " + e.stage() + " of generation " + e.generation()
                        + ", beyond the newest expected (" + newest + ")");
            }
        }

        for (Unit unit : units) {
            String newestKey = ids.getOrDefault(step(unit.mac(), newest, "issued"), Set.of()).stream()
                    .map(first::get).map(RotationEvent::keyFingerprint).filter(Objects::nonNull).findFirst().orElse(null);
            boolean provisioned = unit.confirmedGeneration() >= 1;
            boolean onNewest = unit.generation() == newest && unit.confirmedGeneration() == newest;
            if (!provisioned || !onNewest || unit.failing()) {
                violations.get(Invariant.NONE_STRANDED).add(unit.mac() + " stranded: registry generation "
                        + unit.generation() + ", confirmed " + unit.confirmedGeneration() + (unit.failing()
                        ? ", its resyncs failing" : ""));
            }
            if (!onNewest) {
                violations.get(Invariant.ALL_ON_NEWEST).add(unit.mac() + " on generation " + unit.confirmedGeneration()
                        + " of " + unit.generation() + ", newest is " + newest);
            } else if (newestKey == null || !newestKey.equals(unit.heldKeyFingerprint())) {
                violations.get(Invariant.ALL_ON_NEWEST).add(unit.mac() + " holds key " + unit.heldKeyFingerprint()
                        + ", not generation " + newest + "'s " + newestKey);
            }
            for (long g = 1; g <= newest; g++) {
                for (String stage : LIFECYCLE) {
                    lifecycleStep(violations, ids, unit.mac(), g, stage, 1);
                }
                if (g < newest) {
                    lifecycleStep(violations, ids, unit.mac(), g, "retired", 1);
                }
            }
        }

        for (int c = 0; c < campaigns.size(); c++) {
            checkCampaign(violations, campaigns.get(c), c + 2L, macs, ids);
        }
        return new Verdict(violations, records.size(), distinct.size());
    }

    /** Exactly {@code wanted} distinct events for one step: fewer is an incomplete lifecycle, more a double. */
    private static void lifecycleStep(Map<Invariant, List<String>> violations, Map<String, Set<String>> ids, String mac,
            long generation, String stage, int wanted) {
        int n = ids.getOrDefault(step(mac, generation, stage), Set.of()).size();
        if (n < wanted) {
            violations.get(Invariant.LIFECYCLE_COMPLETE).add(mac + " generation " + generation + ": no " + stage + " event");
        } else if (n > wanted) {
            violations.get(Invariant.NO_DOUBLES).add(mac + " generation " + generation + ": " + n + " distinct " + stage
                    + " events " + ids.get(step(mac, generation, stage)));
        }
    }

    private static void checkCampaign(Map<Invariant, List<String>> violations, Campaign c, long generation,
            Set<String> macs, Map<String, Set<String>> ids) {
        List<String> counters = violations.get(Invariant.COUNTERS_EXACT);
        int target = macs.size();
        String name = "campaign " + c.id();
        if (!c.state().equals("completed")) {
            counters.add(name + " ended " + c.state() + ", not completed");
        }
        Map<String, Integer> counts = new TreeMap<>(Map.of("total", c.total(), "requested", c.requested(),
                "issued", c.issued(), "published", c.published(), "confirmed", c.confirmed()));
        counts.forEach((what, n) -> {
            if (n != target) {
                counters.add(name + ": " + what + " " + n + ", not " + target);
            }
        });
        if (c.failed() != 0) {
            counters.add(name + ": failed " + c.failed() + ", not 0");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (CampaignDevice d : c.devices()) {
            seen.merge(d.mac(), 1, Integer::sum);
            if (!d.stage().equals("confirmed") || d.generation() != generation) {
                counters.add(name + ": " + d.mac() + " " + d.stage() + " at generation " + d.generation()
                        + ", not confirmed at " + generation);
            }
        }
        seen.forEach((mac, n) -> {
            if (n > 1) {
                violations.get(Invariant.NO_DOUBLES).add(name + " lists " + mac + " " + n + " times");
            }
        });
        for (String mac : macs) {
            if (!seen.containsKey(mac)) {
                counters.add(name + " does not list " + mac);
            }
            int requests = ids.getOrDefault(request(mac, c.id()), Set.of()).size();
            if (requests == 0) {
                violations.get(Invariant.LIFECYCLE_COMPLETE).add(name + ": no requested event for " + mac);
            } else if (requests > 1) {
                violations.get(Invariant.NO_DOUBLES).add(name + ": " + requests + " distinct requests for " + mac);
            }
        }
        for (String mac : seen.keySet()) {
            if (!macs.contains(mac)) {
                counters.add(name + " lists " + mac + ", which is not in the fleet");
            }
        }
    }

    private static String step(String mac, long generation, String stage) {
        return mac + "/" + generation + "/" + stage;
    }

    private static String request(String mac, String campaignId) {
        return mac + "/campaign " + campaignId + "/requested";
    }
}
