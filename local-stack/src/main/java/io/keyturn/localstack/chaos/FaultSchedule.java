package io.keyturn.localstack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The faults of one chaos run, all drawn from one seed: which kinds, in which campaign, after which step, against
 * which services. The same seed and counts give the same schedule, so a failing run is replayed with its seed.
 */
public final class FaultSchedule {

    /** The four services, in the order the local stack starts them. */
    public static final List<String> SERVICES =
            List.of("registry-service", "crypto-service", "rotation-scheduler", "delivery-service");
    /** The topics of the event contract, whose records a duplicate-and-reorder fault copies. */
    public static final List<String> TOPICS =
            List.of("keyturn.devices", "keyturn.rotations", "keyturn.profiles", "keyturn.deliveries");

    private static final Duration BROKER_OUTAGE_MIN = Duration.ofSeconds(2);
    private static final Duration BROKER_OUTAGE_MAX = Duration.ofSeconds(6);
    private static final Duration STORE_OUTAGE_MIN = Duration.ofSeconds(5);
    private static final Duration STORE_OUTAGE_MAX = Duration.ofSeconds(15);
    /** How long a skewed service runs before its clock is set right: long enough for a campaign step or two. */
    private static final Duration SKEW_OUTAGE_MIN = Duration.ofSeconds(8);
    private static final Duration SKEW_OUTAGE_MAX = Duration.ofSeconds(16);
    /** Far beyond what NTP lets hosts drift, and within what a host without NTP reaches in weeks. */
    private static final Duration SKEW_MIN = Duration.ofMinutes(2);
    private static final Duration SKEW_MAX = Duration.ofMinutes(15);

    private final long seed;
    private final int campaigns;
    private final List<Fault> faults;

    private FaultSchedule(long seed, int campaigns, List<Fault> faults) {
        this.seed = seed;
        this.campaigns = campaigns;
        this.faults = List.copyOf(faults);
    }

    /**
     * How many faults of each kind {@code rounds} rounds make: a round kills each of the four services once, one at a
     * time, and injects one fault of every other kind.
     */
    public static Map<FaultKind, Integer> rounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
        }
        Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            counts.put(kind, kind == FaultKind.KILL_ONE_SERVICE ? rounds * SERVICES.size() : rounds);
        }
        return counts;
    }

    /**
     * Spreads {@code counts} faults over {@code campaigns} campaigns in a seeded order, each at a seeded step from 0
     * to {@code lastStep}. Kills of one service, consumer group replays and duplicated topics each go round their
     * four services (or topics) from a seeded start, so every four of them hit each one once.
     *
     * @throws IllegalArgumentException if there is no fault or no campaign, or a step bound is negative
     */
    public static FaultSchedule plan(long seed, Map<FaultKind, Integer> counts, int campaigns, int lastStep) {
        if (campaigns < 1 || lastStep < 0) {
            throw new IllegalArgumentException("a schedule needs at least one campaign and a step bound from 0");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<FaultKind> kinds = kinds(counts);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one fault");
        }
        shuffle(kinds, random);
        List<Integer> campaignOf = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            campaignOf.add(i % campaigns);
        }
        return draw(seed, random, kinds, campaignOf, campaigns, lastStep);
    }

    /**
     * Puts the given kinds into the given campaigns (the first map's into campaign 0, and so on); the moments, the
     * services and topics they hit are drawn from the seed as in {@link #plan}. For a short run that must place its
     * faults: kills bunched into one campaign cost one consumer-group stall instead of one each.
     *
     * @throws IllegalArgumentException if there is no fault or a step bound is negative
     */
    public static FaultSchedule planPerCampaign(long seed, List<Map<FaultKind, Integer>> perCampaign, int lastStep) {
        if (perCampaign.isEmpty() || lastStep < 0) {
            throw new IllegalArgumentException("a schedule needs at least one campaign and a step bound from 0");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<FaultKind> kinds = new ArrayList<>();
        List<Integer> campaignOf = new ArrayList<>();
        for (int c = 0; c < perCampaign.size(); c++) {
            List<FaultKind> these = kinds(perCampaign.get(c));
            shuffle(these, random);
            for (FaultKind kind : these) {
                kinds.add(kind);
                campaignOf.add(c);
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one fault");
        }
        return draw(seed, random, kinds, campaignOf, perCampaign.size(), lastStep);
    }

    private static List<FaultKind> kinds(Map<FaultKind, Integer> counts) {
        List<FaultKind> kinds = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            int n = counts.getOrDefault(kind, 0);
            if (n < 0) {
                throw new IllegalArgumentException("a negative count of " + kind.code());
            }
            for (int i = 0; i < n; i++) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static FaultSchedule draw(long seed, SplittableRandom random, List<FaultKind> kinds,
            List<Integer> campaignOf, int campaigns, int lastStep) {
        int nextKilled = random.nextInt(SERVICES.size());
        int nextReplayed = random.nextInt(SERVICES.size());
        int nextTopic = random.nextInt(TOPICS.size());
        int nextSkewed = random.nextInt(SERVICES.size());
        List<Fault> drawn = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            FaultKind kind = kinds.get(i);
            List<String> services = List.of();
            String topic = null;
            Duration outage = Duration.ZERO;
            Duration skew = Duration.ZERO;
            switch (kind) {
                case KILL_ONE_SERVICE -> services = List.of(SERVICES.get(nextKilled++ % SERVICES.size()));
                case KILL_TWO_SERVICES -> {
                    int a = random.nextInt(SERVICES.size());
                    int b = (a + 1 + random.nextInt(SERVICES.size() - 1)) % SERVICES.size();
                    services = List.of(SERVICES.get(a), SERVICES.get(b));
                }
                case CONSUMER_GROUP_REPLAY -> services = List.of(SERVICES.get(nextReplayed++ % SERVICES.size()));
                case DUPLICATE_AND_REORDER -> topic = TOPICS.get(nextTopic++ % TOPICS.size());
                case BROKER_RESTART -> outage = between(random, BROKER_OUTAGE_MIN, BROKER_OUTAGE_MAX);
                case STORE_REFUSES_WRITES -> outage = between(random, STORE_OUTAGE_MIN, STORE_OUTAGE_MAX);
                case CLOCK_SKEW -> {
                    services = List.of(SERVICES.get(nextSkewed++ % SERVICES.size()));
                    outage = between(random, SKEW_OUTAGE_MIN, SKEW_OUTAGE_MAX);
                    skew = Duration.ofSeconds(between(random, SKEW_MIN, SKEW_MAX).toSeconds());
                    skew = random.nextBoolean() ? skew : skew.negated();
                }
                case POSTGRES_RESTART -> {
                }
            }
            drawn.add(new Fault(i + 1, kind, campaignOf.get(i), random.nextInt(lastStep + 1), services, topic, outage,
                    skew, random.nextLong()));
        }
        // In the order they happen; faults drawn for the same campaign and step keep the order they were drawn in.
        drawn.sort(Comparator.comparingInt(Fault::campaign).thenComparingInt(Fault::afterStep)
                .thenComparingInt(Fault::number));
        List<Fault> numbered = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Fault f = drawn.get(i);
            numbered.add(new Fault(i + 1, f.kind(), f.campaign(), f.afterStep(), f.services(), f.topic(), f.outage(),
                    f.skew(), f.detailSeed()));
        }
        return new FaultSchedule(seed, campaigns, numbered);
    }

    public long seed() {
        return seed;
    }

    public int campaigns() {
        return campaigns;
    }

    /** Every fault, in the order it is injected. */
    public List<Fault> faults() {
        return faults;
    }

    /** The faults of one campaign, in order. */
    public List<Fault> during(int campaign) {
        return faults.stream().filter(f -> f.campaign() == campaign).toList();
    }

    private static Duration between(SplittableRandom random, Duration min, Duration max) {
        return Duration.ofMillis(random.nextLong(min.toMillis(), max.toMillis() + 1));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
