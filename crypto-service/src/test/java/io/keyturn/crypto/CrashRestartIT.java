package io.keyturn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.testsupport.ServiceProcess;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestKafka;
import io.keyturn.testsupport.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kill-and-restart: crypto-service runs as a separate JVM (its fast-jar, prod profile) and is killed with SIGKILL at
 * seeded random moments while registrations, rotation requests and confirmations stream in, then restarted, several
 * times. Afterwards, from what it published on Kafka alone: for every device every generation from confirmed to
 * newest is published and its file (decrypted with that generation's key) leads to the newest; nothing was retired
 * before a later generation was confirmed; every request was answered exactly once and every generation issued once.
 * The seed is printed and replayable with {@code -Dkeyturn.seed=N}.
 *
 * <p>The in-JVM application this class needs for its config is pointed at topics nobody writes, so the child is the
 * only crypto-service consuming the real ones.
 */
@QuarkusTest
@TestProfile(CrashRestartIT.Idle.class)
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class CrashRestartIT {

    private static final int DEVICES = 12;
    private static final int ROUNDS = Integer.getInteger("keyturn.crash.rounds", 4);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final CloudEventCodec CODEC = new CloudEventCodec();

    /** The in-JVM application consumes topics nobody writes. */
    public static class Idle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            for (String channel : List.of("devices", "rotations", "deliveries")) {
                c.put("mp.messaging.incoming." + channel + ".topic", "keyturn.crash-idle." + channel);
                c.put("mp.messaging.incoming." + channel + ".group.id", "crypto-idle");
            }
            return c;
        }
    }

    @Test
    void killingTheServiceBetweenAnyTwoStepsKeepsTheChainInvariant() throws Exception {
        long seed = Long.getLong("keyturn.seed", new Random().nextLong());
        String replay = "seed " + seed + " (replay with -Dkeyturn.seed=" + seed + ")";
        System.out.println("CrashRestartIT " + replay);
        Random random = new Random(seed);
        String schema = "crypto_crash_" + Long.toHexString(random.nextLong() & 0xffffffL);
        Path work = Path.of("target", "crash-restart", schema);

        Map<String, String> staging = new LinkedHashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            staging.put(Fleet.newMac(), Fleet.stagingKey());
        }
        Set<UUID> requests = new HashSet<>();
        int kills = 0;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ServiceProcess service = CryptoProcess.start(schema, work);
            try {
                // Registrations go out while the service runs; the first kill may land in the middle of them.
                for (Map.Entry<String, String> d : staging.entrySet()) {
                    send(producer, Fleet.registered(d.getKey(), d.getValue()));
                }
                producer.flush();
                for (int round = 0; round < ROUNDS; round++) {
                    Thread.sleep(random.nextInt(1_500));
                    service.kill();
                    kills++;
                    // Confirmations as devices would send them (the newest generation whose own file is out), and
                    // fresh rotation requests, all waiting on the broker while the service is down or starting.
                    Map<String, ProfilePublished> newest = newestOwnFiles(staging.keySet());
                    for (String mac : staging.keySet()) {
                        ProfilePublished own = newest.get(mac);
                        if (own != null && random.nextInt(3) > 0) {
                            send(producer, Fleet.fetched(mac, own.path(), own.generation()));
                        }
                        CloudEvent<?> request = Fleet.rotation(mac, null);
                        requests.add(request.id());
                        send(producer, request);
                    }
                    producer.flush();
                    service = CryptoProcess.start(schema, work);
                }
                assertSettles(staging, requests, replay + ", " + kills + " kills");
                assertStrandedGauge(service, schema, staging.keySet().iterator().next());
            } finally {
                service.close();
            }
        }
    }

    /** keyturn_devices_stranded reads 0 for the settled fleet, and 1 once a live file is made to lag by hand. */
    private static void assertStrandedGauge(ServiceProcess service, String schema, String mac) throws Exception {
        assertThat(awaitMetric(service, "keyturn_devices_stranded", 0)).isEqualTo(0.0);
        TestPostgres pg = TestPostgres.get();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".generation SET state = 'issued'"
                     + " WHERE mac = ? AND number = (SELECT max(number) FROM " + schema + ".generation WHERE mac = ?)")) {
            ps.setString(1, mac);
            ps.setString(2, mac);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(awaitMetric(service, "keyturn_devices_stranded", 1)).isEqualTo(1.0);
    }

    private static double awaitMetric(ServiceProcess service, String name, double expected) throws Exception {
        double value = Double.NaN;
        for (int i = 0; i < 30 && value != expected; i++) {
            Thread.sleep(500);
            value = service.metric(name);
        }
        return value;
    }

    private static void assertSettles(Map<String, String> staging, Set<UUID> requests, String replay)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> problems;
        do {
            problems = check(staging, requests);
            if (problems.isEmpty()) {
                return;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        assertThat(problems).as(replay).isEmpty();
    }

    /** Everything wrong with what the service published, as read back from Kafka; empty when the invariant holds. */
    private static List<String> check(Map<String, String> staging, Set<UUID> requests) {
        Map<String, List<CloudEvent<?>>> rotations = byMac(EventBus.readAll(Topics.ROTATIONS, null), staging.keySet());
        Map<String, List<CloudEvent<?>>> profiles = byMac(EventBus.readAll(Topics.PROFILES, null), staging.keySet());
        List<String> problems = new ArrayList<>();
        Map<UUID, Set<UUID>> answers = new HashMap<>();
        for (String mac : staging.keySet()) {
            List<CloudEvent<?>> rot = distinct(rotations.getOrDefault(mac, List.of()));
            List<CloudEvent<?>> files = distinct(profiles.getOrDefault(mac, List.of()));
            Map<Long, String> fingerprints = new HashMap<>();
            long newest = 0;
            long confirmed = 0;
            for (int i = 0; i < rot.size(); i++) {
                CloudEvent<?> e = rot.get(i);
                if (e.data() instanceof RotationIssued issued) {
                    if (fingerprints.put(issued.generation(), issued.keyFingerprint().value()) != null) {
                        problems.add(mac + ": generation " + issued.generation() + " issued twice");
                    }
                    newest = Math.max(newest, issued.generation());
                    if (issued.requestId() != null) {
                        answers.computeIfAbsent(issued.requestId(), k -> new HashSet<>()).add(e.id());
                    }
                } else if (e.data() instanceof RotationFailed failed && failed.requestId() != null) {
                    answers.computeIfAbsent(failed.requestId(), k -> new HashSet<>()).add(e.id());
                } else if (e.data() instanceof RotationConfirmed c) {
                    confirmed = Math.max(confirmed, c.generation());
                } else if (e.data() instanceof RotationRetired r) {
                    long by = r.confirmedGeneration();
                    boolean confirmedBefore = rot.subList(0, i).stream().anyMatch(
                            x -> x.data() instanceof RotationConfirmed c && c.generation() == by);
                    if (by <= r.generation() || !confirmedBefore) {
                        problems.add(mac + ": generation " + r.generation() + " retired before generation " + by
                                + " was confirmed");
                    }
                }
            }
            if (newest == 0) {
                problems.add(mac + ": no generation issued");
                continue;
            }
            for (long g = 1; g <= newest; g++) {
                if (!fingerprints.containsKey(g)) {
                    problems.add(mac + ": generation " + g + " never issued (newest " + newest + ")");
                }
            }
            problems.addAll(checkFiles(mac, staging.get(mac), files, Math.max(confirmed, 1), newest, fingerprints));
        }
        for (UUID request : requests) {
            int n = answers.getOrDefault(request, Set.of()).size();
            if (n != 1) {
                problems.add("rotation request " + request + " answered " + n + " times");
            }
        }
        return problems;
    }

    /** Every live generation c..t is out, decrypts with its own key and leads to t; nothing live was retired. */
    private static List<String> checkFiles(String mac, String stagingKey, List<CloudEvent<?>> files, long from,
            long newest, Map<Long, String> fingerprints) {
        List<String> problems = new ArrayList<>();
        Map<Long, String> paths = new HashMap<>();
        Map<String, CloudEvent<?>> last = new HashMap<>();
        for (CloudEvent<?> e : files) {
            if (e.data() instanceof ProfilePublished p) {
                last.put(p.path(), e);
                if (p.kind() == ProfileKind.CHAIN && p.generation() != null) {
                    paths.put(p.generation(), p.path());
                }
            } else if (e.data() instanceof ProfileWithdrawn w) {
                last.put(w.path(), e);
                if (w.reason() == WithdrawalReason.GENERATION_RETIRED && w.generation() != null
                        && w.generation() >= from) {
                    problems.add(mac + ": live generation " + w.generation() + " withdrawn as retired");
                }
            }
        }
        Map<Long, String> keys = learnKeys(stagingKey, files);
        ProfileCipher cipher = new ProfileCipher();
        for (long g = from; g <= newest; g++) {
            String path = paths.get(g);
            CloudEvent<?> e = path == null ? null : last.get(path);
            if (e == null || !(e.data() instanceof ProfilePublished p)) {
                problems.add(mac + ": live generation " + g + " has no published file (newest " + newest + ")");
                continue;
            }
            if (p.targetGeneration() == null || p.targetGeneration() != newest) {
                problems.add(mac + ": generation " + g + " leads to " + p.targetGeneration() + ", not " + newest);
                continue;
            }
            if (!keys.containsKey(g)) {
                problems.add(mac + ": no file ever handed out generation " + g + "'s key");
                continue;
            }
            FlatProfile profile = FlatProfileXml.parse(cipher.open(p.contentBytes(), keys.get(g)));
            String key = profile.value("GPP_A").orElse("");
            if (!ProfileKey.of(key).fingerprint().equals(fingerprints.get(newest))) {
                problems.add(mac + ": the file of generation " + g + " does not hand out generation " + newest
                        + "'s key");
            }
        }
        return problems;
    }

    /** The key of each generation, learnt as a device would: the bootstrap with the staging key, then file by file. */
    private static Map<Long, String> learnKeys(String stagingKey, List<CloudEvent<?>> files) {
        ProfileCipher cipher = new ProfileCipher();
        Map<Long, String> keys = new HashMap<>();
        boolean learnt = true;
        while (learnt) {
            learnt = false;
            for (CloudEvent<?> e : files) {
                if (!(e.data() instanceof ProfilePublished p) || p.targetGeneration() == null
                        || keys.containsKey(p.targetGeneration())) {
                    continue;
                }
                String key = p.kind() == ProfileKind.BOOTSTRAP ? stagingKey
                        : p.kind() == ProfileKind.CHAIN ? keys.get(p.generation()) : null;
                if (key != null) {
                    FlatProfile profile = FlatProfileXml.parse(cipher.open(p.contentBytes(), key));
                    keys.put(p.targetGeneration(), profile.value("GPP_A").orElseThrow());
                    learnt = true;
                }
            }
        }
        return keys;
    }

    /** For each device, the newest generation whose own (steady) file is out, as far as Kafka shows it. */
    private static Map<String, ProfilePublished> newestOwnFiles(Set<String> macs) {
        Map<String, ProfilePublished> newest = new HashMap<>();
        for (CloudEvent<?> e : EventBus.readAll(Topics.PROFILES, null)) {
            if (e.data() instanceof ProfilePublished p && p.kind() == ProfileKind.CHAIN && macs.contains(p.mac())
                    && p.generation() != null && p.generation().equals(p.targetGeneration())) {
                newest.merge(p.mac(), p, (a, b) -> b.generation() > a.generation() ? b : a);
            }
        }
        return newest;
    }

    private static Map<String, List<CloudEvent<?>>> byMac(List<CloudEvent<?>> events, Set<String> macs) {
        Map<String, List<CloudEvent<?>>> out = new HashMap<>();
        for (CloudEvent<?> e : events) {
            if (e.subject() != null && macs.contains(e.subject())) {
                out.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** The outbox relays at least once: a kill between send and delete sends an event again, under the same id. */
    private static List<CloudEvent<?>> distinct(List<CloudEvent<?>> events) {
        Set<UUID> seen = new HashSet<>();
        return events.stream().filter(e -> seen.add(e.id())).toList();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, CloudEvent<?> event) {
        EventRecord r = CODEC.encode(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
        r.headers().forEach((k, v) -> record.headers().add(k, v));
        producer.send(record);
    }
}
