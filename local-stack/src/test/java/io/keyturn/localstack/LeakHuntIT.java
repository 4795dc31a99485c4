package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.Fleet;
import io.keyturn.simulator.ProfileTransport;
import io.keyturn.simulator.SpaDevice;
import io.keyturn.simulator.SyslogSink;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.HttpProfileTransport;
import io.keyturn.simulator.transport.TftpProfileTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The leak hunt (issue 9): the real stack with every logger at DEBUG, a fleet of simulated units registered with
 * staging keys and secret line passwords, walked through two rotations; then every place a secret must never be
 * in the clear is searched for every key the units were given, every staging key and every password: every
 * record on every topic, every REST body an operator can read, every service's metrics, and, after the stack is
 * down, every file it wrote (Kafka's log segments, PostgreSQL's data files and WAL, the services' logs).
 *
 * <p>The keys are taken from the units themselves (each holds the key of every generation it walked, learnt by
 * decrypting its profiles), and the test checks it learnt one per unit and generation, so the hunt cannot pass by
 * looking for nothing; a canary written into the data directory proves the file scan finds what is there.
 */
class LeakHuntIT {

    private static final int UNITS = Integer.getInteger("keyturn.leakhunt.devices", 24);
    private static final int ROTATIONS = 2;
    private static final long SEED = Long.getLong("keyturn.seed", 9L);
    private static final String GROUP = "leakhunt";
    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS =
            List.of("keyturn.devices", "keyturn.rotations", "keyturn.profiles", "keyturn.deliveries");

    private final int offset = freeOffset();
    private final Ports ports = Ports.DEFAULT.shiftedBy(offset);
    /** The units' clock: virtual, so a resync costs no waiting while the services run in real time. */
    private final VirtualScheduler clock = new VirtualScheduler();
    private Path root;
    private Path jar;
    private DataDir data;

    @Test
    void noKeyStagingKeyOrPasswordIsAnywhereInTheClear() throws Exception {
        root = Path.of(System.getProperty("keyturn.root", "..")).toAbsolutePath().normalize();
        jar = Path.of(System.getProperty("keyturn.stack.jar", "target/keyturn-local-stack.jar")).toAbsolutePath();
        Path work = root.resolve("local-stack/target/leakhunt");
        DataDir.deleteTree(work);
        Files.createDirectories(work);
        data = new DataDir(work.resolve("stack"));
        Path console = work.resolve("console.log");
        ProcessBuilder up = new ProcessBuilder(command("up", "--data", data.root().toString(), "--port-offset",
                Integer.toString(offset))).redirectErrorStream(true).redirectOutput(console.toFile());
        // Every logger of every service at DEBUG: the services inherit the supervisor's environment.
        up.environment().put("QUARKUS_LOG_LEVEL", "DEBUG");
        Process stack = up.start();
        Secrets secrets = new Secrets();
        Map<String, String> captured = new LinkedHashMap<>();
        try {
            awaitReady(stack, console);
            String bearer = "Bearer " + run("dev", "token", "--data", data.root().toString(), "--role", "fleet-admin",
                    "--subject", "leak-hunter").strip();

            Fleet fleet = registerFleet(bearer, secrets);
            awaitDevices(bearer, "generation 1 issued", d -> d.path("generation").asLong(0) >= 1);
            fleet.powerOnAll();
            walkUntilConfirmed(bearer, fleet, 1, secrets);
            for (int round = 1; round <= ROTATIONS; round++) {
                for (SpaDevice unit : fleet.devices()) {
                    HttpResponse<String> rotate = rotate(unit.mac(), bearer);
                    assertThat(rotate.statusCode()).as("rotate " + unit.mac() + ": " + rotate.body()).isEqualTo(202);
                }
                int generation = round + 1;
                awaitDevices(bearer, "generation " + generation + " issued",
                        d -> d.path("generation").asLong(0) >= generation);
                walkUntilConfirmed(bearer, fleet, generation, secrets);
            }
            assertThat(secrets.keys).as("one distinct key per unit and generation, learnt by the units")
                    .hasSize(UNITS * (ROTATIONS + 1));

            captureRestAndMetrics(bearer, fleet, captured);
            captureTopics(captured);
        } finally {
            run("down", "--data", data.root().toString());
            if (!stack.waitFor(120, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }

        Map<String, List<String>> hits = new TreeMap<>();
        captured.forEach((where, text) -> secrets.findIn(text.getBytes(StandardCharsets.UTF_8))
                .forEach(what -> hits.computeIfAbsent(where, w -> new ArrayList<>()).add(what)));
        assertThat(hits).as("secrets in topics, REST bodies or metrics").isEmpty();

        // The canary proves the scan reads every file: a secret of the same shape, planted, must be found.
        String canary = HexFormat.of().formatHex(randomBytes(new SplittableRandom(SEED ^ 0x5eed), 32));
        Path canaryFile = data.logs().resolve("canary.log");
        Files.writeString(canaryFile, "planted by LeakHuntIT: " + canary.toUpperCase(Locale.ROOT) + "\n");
        secrets.keys.add(canary);
        long[] scanned = {0, 0};
        try (Stream<Path> files = Files.walk(data.root())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                scanned[0]++;
                scanned[1] += bytes.length;
                for (String what : secrets.findIn(bytes)) {
                    hits.computeIfAbsent(data.root().relativize(file).toString(), w -> new ArrayList<>()).add(what);
                }
            }
        }
        assertThat(hits).as("the planted canary, found by the scan of %,d files (%,d bytes)", scanned[0], scanned[1])
                .containsKey("logs/canary.log");
        hits.remove("logs/canary.log");
        assertThat(hits).as("secrets in the %,d files the stack wrote (%,d bytes: Kafka segments, PostgreSQL data"
                + " and WAL, service logs at DEBUG)", scanned[0], scanned[1]).isEmpty();
        assertThat(Files.readString(data.logs().resolve("crypto-service.log"))).as("crypto-service logged at DEBUG")
                .contains("DEBUG");
    }

    /** Registers the units through the registry, each with a staging key and a secret line password. */
    private Fleet registerFleet(String bearer, Secrets secrets) throws Exception {
        ProfileTransport transport = ProfileTransport.byScheme(Map.of(
                UrlScheme.TFTP, new TftpProfileTransport(), UrlScheme.HTTP, new HttpProfileTransport()));
        Fleet fleet = new Fleet(clock, transport, SyslogSink.DISCARD, SEED, "127.0.0.1");
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < UNITS; i++) {
            String mac = String.format(Locale.ROOT, "000e0a%06x", i + 1);
            String stagingKey = HexFormat.of().formatHex(randomBytes(random, 32));
            String password = "pw" + HexFormat.of().formatHex(randomBytes(random, 19));
            secrets.stagingKeys.add(stagingKey);
            secrets.passwords.add(password);
            String body = JSON.writeValueAsString(Map.of("mac", mac, "model", "SPA962", "serial", "LEAK" + i,
                    "group", GROUP + "/r" + (i % 3), "stagingKey", stagingKey,
                    "params", Map.of("Password_1_", password, "Display_Name_1_", "Desk " + i)));
            HttpResponse<String> created = send(ports.registry(), "POST", "/api/v1/devices", bearer, body);
            assertThat(created.statusCode()).as("register " + mac + ": " + created.body()).isEqualTo(201);
            fleet.add(DeviceIdentity.of(mac, "SPA962", "LEAK" + i), FlatProfile.builder()
                    .set("Profile_Rule", "tftp://127.0.0.1:" + ports.deliveryTftp() + "/spa$PSN.cfg")
                    .set("GPP_SA", stagingKey)
                    .build());
        }
        return fleet;
    }

    /** Moves the units an hour at a time until the registry shows every one confirmed at {@code generation}. */
    private void walkUntilConfirmed(String bearer, Fleet fleet, int generation, Secrets secrets)
            throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (true) {
            clock.runFor(Duration.ofHours(1));
            for (SpaDevice unit : fleet.devices()) {
                unit.parameter("GPP_A").filter(k -> !k.isEmpty()).ifPresent(secrets.keys::add);
            }
            if (count(bearer, d -> d.path("confirmedGeneration").asLong(0) >= generation) == UNITS) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("units not all confirmed at generation " + generation + " within " + LIMIT);
            }
            TimeUnit.MILLISECONDS.sleep(1500);
        }
    }

    /** The scheduler learns of a unit from keyturn.devices; until then it answers 404. */
    private HttpResponse<String> rotate(String mac, String bearer) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> r = send(ports.scheduler(), "POST", "/api/v1/devices/" + mac + "/rotations", bearer, null);
            if (r.statusCode() != 404 || Instant.now().isAfter(deadline)) {
                return r;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private void awaitDevices(String bearer, String what, Predicate<JsonNode> test) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (count(bearer, test) < UNITS) {
            if (Instant.now().isAfter(deadline)) {
                fail("not every unit reached '" + what + "' within " + LIMIT);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private int count(String bearer, Predicate<JsonNode> test) throws Exception {
        int n = 0;
        String cursor = null;
        do {
            HttpResponse<String> page = send(ports.registry(), "GET", "/api/v1/devices?group=" + GROUP + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor), bearer, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            for (JsonNode device : body.path("items")) {
                n += test.test(device) ? 1 : 0;
            }
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return n;
    }

    /** Every body an operator can read about the units, and every service's metrics. */
    private void captureRestAndMetrics(String bearer, Fleet fleet, Map<String, String> captured) throws Exception {
        captured.put("GET registry /api/v1/devices",
                send(ports.registry(), "GET", "/api/v1/devices?group=" + GROUP + "&limit=500", bearer, null).body());
        for (SpaDevice unit : fleet.devices()) {
            captured.put("GET registry device " + unit.mac(),
                    send(ports.registry(), "GET", "/api/v1/devices/" + unit.mac(), bearer, null).body());
            captured.put("GET crypto chain " + unit.mac(),
                    send(ports.crypto(), "GET", "/api/v1/devices/" + unit.mac() + "/chain", bearer, null).body());
        }
        for (var service : Map.of("registry", ports.registry(), "crypto", ports.crypto(), "scheduler",
                ports.scheduler(), "delivery", ports.delivery()).entrySet()) {
            HttpResponse<String> metrics = send(service.getValue(), "GET", "/q/metrics", null, null);
            if (metrics.statusCode() == 200) {
                captured.put("metrics of " + service.getKey(), metrics.body());
            }
        }
        assertThat(captured.keySet().stream().filter(k -> k.startsWith("metrics"))).as("metrics read").isNotEmpty();
    }

    /** Every record on the product's topics, from the beginning: keys, values and headers. */
    private void captureTopics(Map<String, String> captured) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "leak-hunt-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(TOPICS);
            int records = 0;
            int quiet = 0;
            Set<String> seenTopics = new LinkedHashSet<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (quiet < 5 && Instant.now().isBefore(deadline)) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                quiet = batch.isEmpty() && records > 0 ? quiet + 1 : 0;
                for (ConsumerRecord<String, String> r : batch) {
                    StringBuilder text = new StringBuilder().append(r.key()).append('\n').append(r.value());
                    for (Header h : r.headers()) {
                        text.append('\n').append(h.key()).append('=')
                                .append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    captured.put(r.topic() + "/" + r.partition() + "@" + r.offset(), text.toString());
                    seenTopics.add(r.topic());
                    records++;
                }
            }
            assertThat(seenTopics).as("topics read (%d records)", records).containsExactlyInAnyOrderElementsOf(TOPICS);
        }
    }

    /** What must never be found in the clear, and a linear-time search for all of it at once. */
    private static final class Secrets {
        final Set<String> keys = new LinkedHashSet<>();
        final Set<String> stagingKeys = new LinkedHashSet<>();
        final Set<String> passwords = new LinkedHashSet<>();

        /** The secrets found in {@code bytes}: hex keys in either case, the keys' raw bytes, the passwords. */
        List<String> findIn(byte[] bytes) {
            Map<String, String> needles = new LinkedHashMap<>();
            for (String k : keys) {
                needles.put(k.toLowerCase(Locale.ROOT), "key " + fingerprint(k));
            }
            for (String k : stagingKeys) {
                needles.put(k.toLowerCase(Locale.ROOT), "staging key " + fingerprint(k));
            }
            List<String> found = new ArrayList<>();
            // Hex keys: every run of 64 hex digits, case-folded, looked up (linear in the input).
            int run = 0;
            for (int i = 0; i < bytes.length; i++) {
                run = Character.digit(bytes[i], 16) >= 0 ? run + 1 : 0;
                if (run >= 64) {
                    String window = new String(bytes, i - 63, 64, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    String what = needles.get(window);
                    if (what != null) {
                        found.add(what);
                    }
                }
            }
            // Raw key bytes and passwords: indexed by their first eight bytes.
            Map<Long, List<byte[]>> byPrefix = new java.util.HashMap<>();
            Map<byte[], String> names = new java.util.IdentityHashMap<>();
            for (var needle : needles.entrySet()) {
                byte[] raw = HexFormat.of().parseHex(needle.getKey());
                byPrefix.computeIfAbsent(prefix(raw, 0), p -> new ArrayList<>()).add(raw);
                names.put(raw, "raw bytes of " + needle.getValue());
            }
            for (String password : passwords) {
                byte[] raw = password.getBytes(StandardCharsets.US_ASCII);
                byPrefix.computeIfAbsent(prefix(raw, 0), p -> new ArrayList<>()).add(raw);
                names.put(raw, "password " + password.substring(0, 4) + "…");
            }
            for (int i = 0; i + 8 <= bytes.length; i++) {
                List<byte[]> candidates = byPrefix.get(prefix(bytes, i));
                if (candidates != null) {
                    for (byte[] c : candidates) {
                        if (i + c.length <= bytes.length
                                && java.util.Arrays.equals(bytes, i, i + c.length, c, 0, c.length)) {
                            found.add(names.get(c));
                        }
                    }
                }
            }
            return found;
        }

        private static long prefix(byte[] b, int at) {
            long p = 0;
            for (int i = 0; i < 8; i++) {
                p = p << 8 | (b[at + i] & 0xff);
            }
            return p;
        }

        /** Names a secret in a failure message without printing it. */
        private static String fingerprint(String secret) {
            return secret.substring(0, 4) + "…(" + secret.length() + " chars)";
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private HttpResponse<String> send(int port, String method, String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady(Process stack, Path console) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        while (!Files.readString(console).contains("keyturn: ready in")) {
            if (!stack.isAlive()) {
                fail("the stack exited with " + stack.exitValue() + " before it was ready:\n" + Files.readString(console));
            }
            if (Instant.now().isAfter(deadline)) {
                fail("the stack was not ready within 300 s:\n" + Files.readString(console));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        cmd.add("--root");
        cmd.add(root.toString());
        return cmd;
    }

    private String run(String... args) throws Exception {
        Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("keyturn " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A port offset whose ports are all free, apart from the ones LocalStackIT starts its stack on. */
    private static int freeOffset() {
        for (int offset = 12_500; Ports.DEFAULT.shiftedBy(offset).postgres() < 32_768; offset += 500) {
            if (Ports.DEFAULT.shiftedBy(offset).all().stream().allMatch(PortCheck::isFree)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free set of ports below 32768");
    }
}
