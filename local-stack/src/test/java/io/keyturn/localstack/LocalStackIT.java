package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real stack, from the built jars, as `./keyturn up` runs it: one start shared by every case here, on ports
 * shifted (by 10000 or more, whichever set is free) so that it never meets a developer's own stack. Shutting it
 * down is asserted last, in {@link #downLeavesNoProcessAndNoBoundPort()}.
 */
class LocalStackIT {

    private static final int OFFSET = freeOffset(-1);
    private static final Ports PORTS = Ports.DEFAULT.shiftedBy(OFFSET);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path root;
    private static Path jar;
    private static Path work;
    private static DataDir data;
    private static Process stack;
    private static Path console;

    @BeforeAll
    static void startTheStack() throws Exception {
        root = Path.of(System.getProperty("keyturn.root", "..")).toAbsolutePath().normalize();
        jar = Path.of(System.getProperty("keyturn.stack.jar", "target/keyturn-local-stack.jar")).toAbsolutePath();
        work = root.resolve("local-stack/target/it");
        DataDir.deleteTree(work);
        Files.createDirectories(work);
        data = new DataDir(work.resolve("stack"));
        console = work.resolve("console.log");
        stack = new ProcessBuilder(command("up", "--data", data.root().toString(), "--port-offset", Integer.toString(OFFSET)))
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
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

    @Test
    void reportsPostgresKafkaAndEveryServiceReady() throws Exception {
        Result status = run("status", "--data", data.root().toString());
        assertThat(status.exit()).as(status.toString()).isZero();
        for (String component : List.of("postgres", "kafka", "registry-service", "crypto-service",
                "rotation-scheduler", "delivery-service")) {
            assertThat(status.out()).as(status.out()).containsPattern("(?m)^  " + component + " +ready ");
        }
        for (ServiceSpec svc : ServiceSpec.ALL) {
            assertThat(readiness(svc)).as(svc.name()).isEqualTo(200);
        }
    }

    @Test
    void everyServiceAcceptsATokenFromDevToken() throws Exception {
        Result token = run("dev", "token", "--data", data.root().toString(), "--role", "auditor", "--subject", "it-user");
        assertThat(token.exit()).as(token.toString()).isZero();
        for (ServiceSpec svc : ServiceSpec.ALL) {
            HttpResponse<String> with = get(svc, "/api/v1/session", "Bearer " + token.out().strip());
            assertThat(with.statusCode()).as(svc.name()).isEqualTo(200);
            assertThat(with.body()).contains("\"subject\":\"it-user\"", "\"roles\":[\"auditor\"]");
            assertThat(get(svc, "/api/v1/session", null).statusCode()).as(svc.name() + " without a token").isEqualTo(401);
        }
    }

    @Test
    void servicesRideOutABrokerRestartWithoutRestartingOrLosingAMessage() throws Exception {
        Map<String, Long> servicePids = servicePids();
        long kafkaPid = snapshot().component("kafka").pid();
        String bootstrap = "127.0.0.1:" + PORTS.kafka();
        String topic = "it.broker-outage";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Path hold = data.holds().resolve("kafka");
        List<Future<RecordMetadata>> sent = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            send(producer, topic, "before", sent);
            producer.flush();

            // Keep the broker down (the supervisor would restart it within a second) and stop it.
            Files.writeString(hold, "held by LocalStackIT\n");
            ProcessHandle.of(kafkaPid).orElseThrow().destroy();
            awaitServices("readiness DOWN while the broker is stopped", code -> code == 503, Duration.ofSeconds(60));
            assertThat(Probe.tcpOpen(PORTS.kafka())).as("broker port while held down").isFalse();
            // send() returns at once while the producer still holds the topic's metadata, or blocks (up to
            // max.block.ms) once it has dropped it; either way nothing sent during the outage may be acknowledged
            // before the broker is back, and all of it must arrive afterwards.
            List<Future<RecordMetadata>> duringOutage = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> send(producer, topic, "during", duringOutage));
            TimeUnit.SECONDS.sleep(2);
            synchronized (duringOutage) {
                assertThat(duringOutage).as("records sent while the broker is down are not acknowledged")
                        .noneMatch(Future::isDone);
            }

            Files.delete(hold);
            awaitServices("readiness UP after the broker restarted", code -> code == 200, Duration.ofSeconds(120));
            during.get(120, TimeUnit.SECONDS);
            sent.addAll(duringOutage);
            for (Future<RecordMetadata> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
            send(producer, topic, "after", sent);
            producer.flush();
        } finally {
            Files.deleteIfExists(hold);
        }

        assertThat(servicePids()).as("no service was restarted").isEqualTo(servicePids);
        servicePids.values().forEach(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
        StackState.Component kafka = snapshot().component("kafka");
        assertThat(kafka.pid()).as("the supervisor started a new broker").isNotEqualTo(kafkaPid).isPositive();
        assertThat(kafka.restarts()).isEqualTo(1);

        Set<String> expected = new HashSet<>();
        for (String phase : List.of("before", "during", "after")) {
            for (int i = 0; i < 50; i++) {
                expected.add(phase + "-" + i);
            }
        }
        assertThat(consumeAll(bootstrap, topic, expected.size())).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Issue 8's end-to-end case over the real services: a fleet (10% mTLS units with Sipura-shaped client certificates,
     * the rest staging-key units) walks {@code keyturn.e2e.rotations} campaigns while 20% of the staging-key units are
     * offline for 1 to 3 of them, then factory resets (the operator re-arms the bootstrap) and a power-restore storm;
     * every unit ends on the newest generation with none stranded. One extra unit holds a staging key other than the
     * one registered: it must end {@code failed} with its reason, visible in the registry and in its syslog.
     *
     * <p>The issue's size is 2,000 units through 5 rotations ({@code -Dkeyturn.e2e.devices=2000
     * -Dkeyturn.e2e.rotations=5}, the defaults here); the build runs the size from the pom (100 units, 4 rotations:
     * it keeps {@code .ci/run} under its budget and still goes through every phase).
     */
    @Test
    void aFleetLivesThroughOfflineSpellsResetsAndAStormAndEndsOnTheNewestGeneration() throws Exception {
        int devices = Integer.getInteger("keyturn.e2e.devices", 2000);
        int rotations = Integer.getInteger("keyturn.e2e.rotations", 5);
        String token = io.keyturn.devidentity.DevIssuer.load(data.issuer())
                .mint("demo-it", List.of("fleet-admin"), Duration.ofHours(8));
        Path report = work.resolve("demo-report.json");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        var settings = new io.keyturn.localstack.demo.Demo.Settings(devices, rotations, 6000, 7, 10, 20,
                Math.max(4, devices / 100), 1, true);
        var stack = new io.keyturn.localstack.demo.Demo.Stack(URI.create("http://127.0.0.1:" + PORTS.registry()),
                URI.create("http://127.0.0.1:" + PORTS.scheduler()), URI.create("http://127.0.0.1:" + PORTS.crypto()),
                "127.0.0.1", PORTS.deliveryTftp(), PORTS.deliveryHttps(), new StackSecrets(data.secrets()).deviceCa(),
                "127.0.0.1:" + PORTS.kafka());

        int exit = io.keyturn.localstack.demo.Demo.run(settings, stack, token, report,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));

        String summary = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println(summary);
        assertThat(exit).as(summary).isZero();
        assertThat(summary).contains("stranded: 0", "confirmed: " + devices, "failed: 1",
                "generation " + (rotations + 1) + ": " + devices, "result: pass");
        assertThat(summary).containsPattern("(?m)^failed [0-9a-f]{12}: never confirmed its bootstrap \\(registry state "
                + "registered, confirmed generation 0\\); unit syslog: [1-9][0-9]* x 'Resync failed: corrupt file \\(wrong-key\\)'$");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("fetchesTftp").asLong()).as("stage 0 comes over TFTP").isPositive();
        assertThat(json.path("fetchesHttp").asLong()).as("bootstrap and chain come over HTTP").isPositive();
        assertThat(json.path("fetchesHttps").asLong()).as("mTLS bootstraps come over HTTPS").isGreaterThanOrEqualTo(devices / 10);
        assertThat(json.path("offline").path("units").asInt()).isEqualTo(devices / 5);
        assertThat(json.path("offline").path("caughtUp").asInt()).isEqualTo(devices / 5);
        assertThat(json.path("offline").path("campaignsMissed").asInt()).isGreaterThan(devices / 5);
        assertThat(json.path("resets").path("mtls").asInt()).isPositive();
        assertThat(json.path("resets").path("stagingKey").asInt()).isPositive();
        assertThat(json.path("resets").path("backOnNewest").asInt()).isEqualTo(json.path("resets").path("units").asInt());
        assertThat(json.path("storm").path("resyncs").asLong()).isEqualTo(devices + 1L);
        // In the storm the wrong-key unit fails as it always does. Any other failure may only be a unit's own network
        // timeout (the whole stack, the simulated fleet and this test share two cores); a unit that then got an
        // answer other than its file (404, 5xx, a corrupt file) means delivery failed it, and fails the test. Every
        // such unit still ended on the newest generation: "confirmed" and "stranded: 0" above.
        var stormFailures = new ArrayList<String>();
        json.path("storm").path("failureReasons").forEach(r -> stormFailures.add(r.asText()));
        assertThat(stormFailures).as("storm failures").hasSize((int) json.path("storm").path("failures").asLong());
        assertThat(stormFailures).as("the wrong-key unit fails the storm once (its one resync there)")
                .filteredOn(r -> r.endsWith("Resync failed: corrupt file (wrong-key)")).hasSizeLessThanOrEqualTo(1);
        assertThat(stormFailures).as("in the storm, only network timeouts besides the wrong-key unit")
                .allMatch(r -> r.endsWith("Resync failed: corrupt file (wrong-key)")
                        || r.contains("Resync failed: server unreachable"))
                .hasSizeLessThanOrEqualTo(1 + Math.max(1, devices / 50));
    }

    /**
     * A device made of nothing but curl and openssl walks the chain through two rotations: stage 0 over TFTP,
     * the staging-key bootstrap and every chain file over HTTP, each decrypted with {@code openssl enc -d -md md5}
     * and followed by hand as the firmware would (GPP_A is the key, GPP_B the directory).
     */
    @Test
    void aDeviceMadeOfCurlAndOpensslWalksTwoRotations() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("curl") && onPath("openssl"), "needs curl and openssl");
        String bearer = "Bearer " + io.keyturn.devidentity.DevIssuer.load(data.issuer())
                .mint("e2e-it", List.of("fleet-admin"), Duration.ofHours(1));
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        String mac = String.format("000e08%06x", random.nextInt(0x1000000));
        String stagingKey = java.util.HexFormat.of().formatHex(bytes(random));
        HttpResponse<String> created = post(PORTS.registry(), "/api/v1/devices", bearer, "{\"mac\":\"" + mac
                + "\",\"model\":\"SPA962\",\"serial\":\"E2E" + mac.substring(6) + "\",\"group\":\"e2e/openssl\","
                + "\"stagingKey\":\"" + stagingKey + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String stage0 = new String(sh("curl", "-sf", "tftp://127.0.0.1:" + PORTS.deliveryTftp() + "/spa962.cfg"),
                java.nio.charset.StandardCharsets.US_ASCII);
        String bootstrapUrl = follow(param(stage0, "Profile_Rule"), "SA", mac, null);
        String bootstrap = openProfile(awaitFile(bootstrapUrl), stagingKey);
        String key = param(bootstrap, "GPP_A");
        String chainUrl = follow(param(bootstrap, "Profile_Rule"), "A", mac, param(bootstrap, "GPP_B"));
        String first = openProfile(awaitFile(chainUrl), key);
        assertThat(param(first, "GPP_A")).isEqualTo(key);
        awaitConfirmed(mac, bearer, 1);

        for (int generation = 2; generation <= 3; generation++) {
            HttpResponse<String> rotate = awaitAccepted(mac, bearer);
            assertThat(rotate.statusCode()).as(rotate.body()).isEqualTo(202);
            // The file at the directory the device knows, still under the key it holds, now leads on.
            String current = key;
            String held = chainUrl;
            String repointed = awaitChange(held, current, key);
            String nextKey = param(repointed, "GPP_A");
            String nextUrl = follow(param(repointed, "Profile_Rule"), "A", mac, param(repointed, "GPP_B"));
            assertThat(nextKey).isNotEqualTo(key).hasSize(64);
            assertThat(nextUrl).isNotEqualTo(chainUrl);
            String next = openProfile(awaitFile(nextUrl), nextKey);
            assertThat(param(next, "GPP_A")).isEqualTo(nextKey);
            awaitConfirmed(mac, bearer, generation);
            // Confirmed: the directory the device left is retired and no longer served.
            awaitGone(held);
            key = nextKey;
            chainUrl = nextUrl;
        }
    }

    private static byte[] bytes(java.util.SplittableRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a command line tool; its standard output, or a failure with its exit code and standard error. */
    private static byte[] sh(String... command) throws Exception {
        Path err = Files.createTempFile(work, "sh", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return out;
    }

    /** Fetches with curl; null on a 404 (curl -f exits 22). */
    private static Path curl(String url) throws Exception {
        Path file = Files.createTempFile(work, "fetch", ".cfg");
        Process p = new ProcessBuilder("curl", "-sf", "-o", file.toString(), url).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? file : null;
    }

    private static Path awaitFile(String url) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            Path file = curl(url);
            if (file != null) {
                return file;
            }
            assertThat(Instant.now()).as("nothing served at " + url).isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static void awaitGone(String url) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (curl(url) != null) {
            assertThat(Instant.now()).as("still served after retirement: " + url).isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** Re-fetches the held directory until its file leads somewhere new, as the device's periodic resync would. */
    private static String awaitChange(String url, String key, String oldKey) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            String profile = openProfile(awaitFile(url), key);
            if (!param(profile, "GPP_A").equals(oldKey)) {
                return profile;
            }
            assertThat(Instant.now()).as("the file at " + url + " was never re-pointed").isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** openssl enc -d -aes-256-cbc -md md5, as the firmware decrypts; then gunzip when the file was compressed. */
    private static String openProfile(Path file, String key) throws Exception {
        byte[] plain = sh("openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", key, "-in", file.toString());
        if (plain.length > 2 && (plain[0] & 0xff) == 0x1f && (plain[1] & 0xff) == 0x8b) {
            plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(plain)).readAllBytes();
        }
        String xml = new String(plain, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(xml).contains("<flat-profile");
        return xml;
    }

    private static String param(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + name + "(\\s[^>]*)?>([^<]*)</" + name + ">").matcher(xml);
        assertThat(m.find()).as(name + " in " + xml).isTrue();
        return m.group(2).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }

    /** The URL of a rule "[--key $X] http://host/path/$B/spa962.cfg", expanded as the unit would. */
    private static String follow(String rule, String keyLetter, String mac, String directory) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[--key \\$" + keyLetter + "\\] (\\S+)$").matcher(rule.strip());
        assertThat(m.find()).as("rule " + rule).isTrue();
        String url = m.group(1).replace("$MA", mac);
        return directory == null ? url : url.replace("$B", directory);
    }

    private static void awaitConfirmed(String mac, String bearer, int generation) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            HttpResponse<String> device = get(ServiceSpec.ALL.get(0), "/api/v1/devices/" + mac, bearer);
            if (device.body().contains("\"confirmedGeneration\":" + generation + ",")) {
                return;
            }
            assertThat(Instant.now()).as("generation " + generation + " never confirmed: " + device.body()).isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** The scheduler learns of the device from keyturn.devices; until then it answers 404. */
    private static HttpResponse<String> awaitAccepted(String mac, String bearer) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> r = post(PORTS.scheduler(), "/api/v1/devices/" + mac + "/rotations", bearer, null);
            if (r.statusCode() != 404 || Instant.now().isAfter(deadline)) {
                return r;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static HttpResponse<String> post(int port, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSecondUpOnTheSameDataDirectoryIsRefusedInOneLine() throws Exception {
        Result second = run("up", "--data", data.root().toString(), "--port-offset", Integer.toString(OFFSET));
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err().lines()).containsExactly("keyturn: a local stack is already running from " + data.root()
                + " (supervisor pid " + stack.pid() + "); stop it with ./keyturn down");
        assertThat(stack.isAlive()).isTrue();
        assertThat(readiness(ServiceSpec.ALL.get(0))).isEqualTo(200);
    }

    @Test
    void aBusyPortIsNamedWithItsHolderAndNothingStarts() throws Exception {
        int offset = freeOffset(OFFSET);
        Ports other = Ports.DEFAULT.shiftedBy(offset);
        DataDir otherData = new DataDir(work.resolve("busy-port"));
        try (var held = new java.net.ServerSocket(other.postgres(), 50, java.net.InetAddress.getLoopbackAddress())) {
            Result up = run("up", "--data", otherData.root().toString(), "--port-offset", Integer.toString(offset));
            assertThat(up.exit()).isEqualTo(1);
            assertThat(up.err().lines()).hasSize(1).first().asString()
                    .startsWith("keyturn: port " + other.postgres() + " (PostgreSQL) is in use by pid "
                            + ProcessHandle.current().pid() + " (");
        }
        assertNothingRunsFrom(otherData, other);
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-directory"), "x");
        DataDir bad = new DataDir(file.resolve("stack"));
        int offset = freeOffset(OFFSET);
        Result up = run("up", "--data", bad.root().toString(), "--port-offset", Integer.toString(offset));
        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err().lines()).containsExactly("keyturn: data directory " + bad.root()
                + " is not writable (a path component is not a directory)");
        assertNothingRunsFrom(bad, Ports.DEFAULT.shiftedBy(offset));
    }

    /**
     * Issue 13's lifecycle on the real stack: {@code keyturn tls csr}, the request signed by a (test) vendor CA,
     * {@code keyturn tls install} into the stack's secrets, and delivery serving the new chain to new handshakes
     * within its reload interval, without a restart. The stack's own certificate is put back afterwards, since the
     * other cases' HTTPS units trust it.
     */
    @Test
    void aServerCertificateGoesFromCsrToServedWithoutARestart() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed here: the served chain cannot be read");
        Path cli = root.resolve("cli/target/keyturn-cli.jar");
        Assumptions.assumeTrue(Files.exists(cli), "the CLI is not built (" + cli + ")");
        Path dir = Files.createDirectories(work.resolve("server-tls"));
        Path tls = data.secrets().resolve("tls");
        byte[] originalCert = Files.readAllBytes(tls.resolve("tls.crt"));
        byte[] originalKey = Files.readAllBytes(tls.resolve("tls.key"));
        Map<String, Long> pids = servicePids();
        try {
            sh(JavaProcess.javaExecutable(), "-jar", cli.toString(), "tls", "csr", "--cn", "prov.keyturn.test",
                    "--san", "prov2.keyturn.test", "--out", dir.toString());
            sh("openssl", "req", "-verify", "-noout", "-in", dir.resolve("server.csr").toString());
            assertThat(new String(sh("openssl", "req", "-noout", "-text", "-in", dir.resolve("server.csr").toString()),
                    StandardCharsets.US_ASCII)).contains("CN", "prov.keyturn.test", "DNS:prov2.keyturn.test");

            io.keyturn.testsupport.DeviceCa vendor = io.keyturn.testsupport.DeviceCa.generate("Test vendor server CA");
            java.security.cert.X509Certificate leaf =
                    vendor.signRequest(Files.readString(dir.resolve("server.csr")), Duration.ofDays(365));
            String leafBase64 = java.util.Base64.getEncoder().encodeToString(leaf.getEncoded());
            Files.writeString(dir.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            leaf.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            Files.writeString(dir.resolve("ca.crt"), vendor.certificatePem());
            sh(JavaProcess.javaExecutable(), "-jar", cli.toString(), "tls", "install", "--cert",
                    dir.resolve("server.crt").toString(), "--chain", dir.resolve("ca.crt").toString(), "--key",
                    dir.resolve("server.key").toString(), "--csr", dir.resolve("server.csr").toString(), "--host",
                    "prov.keyturn.test", "--to", tls.toString());

            awaitServed(leafBase64, "the installed certificate");
            assertThat(servicePids()).as("delivery reloaded, not restarted").isEqualTo(pids);
        } finally {
            Files.write(tls.resolve("tls.key"), originalKey);
            Files.write(tls.resolve("tls.crt"), originalCert);
        }
        String original = new String(originalCert, StandardCharsets.US_ASCII);
        awaitServed(original.substring(original.indexOf('\n') + 1, original.indexOf("-----END")).replace("\n", ""),
                "the stack's own certificate, put back");
    }

    /** Waits until {@code openssl s_client -showcerts} on delivery's HTTPS port shows the certificate. */
    private static void awaitServed(String certificateBase64, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        String shown = "";
        while (Instant.now().isBefore(deadline)) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + PORTS.deliveryHttps(),
                    "-servername", "prov.keyturn.test", "-showcerts")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            p.waitFor(30, TimeUnit.SECONDS);
            if (shown.replace("\n", "").replace("\r", "").contains(certificateBase64)) {
                return;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        fail("delivery did not serve " + what + " within 60 s; openssl s_client showed:\n" + shown);
    }

    @AfterAll
    static void downLeavesNoProcessAndNoBoundPort() throws Exception {
        if (stack == null) {
            return;
        }
        // Handles taken before `down` know each process' start time: a recycled pid is not mistaken for it.
        List<ProcessHandle> components = new ArrayList<>();
        if (Files.exists(data.state())) {
            StackState.Snapshot snapshot = snapshot();
            snapshot.componentNames().forEach(name -> ProcessHandle.of(snapshot.component(name).pid()).ifPresent(components::add));
        }
        // PostgreSQL, Kafka and what the stack launches: the console too once its jar is built (after local-stack in
        // the reactor, so a second run of these tests in one clone counts seven).
        assertThat(components).as("every component running before down").hasSize(2 + ServiceSpec.launched(root).size());
        Result down = run("down", "--data", data.root().toString());
        boolean exited = stack.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            stack.destroyForcibly();
        }
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(down.out()).startsWith("keyturn: stopped the local stack (pid " + stack.pid() + ") in ");
        assertThat(exited).as("supervisor exited").isTrue();
        assertThat(stack.exitValue()).isZero();
        for (ProcessHandle component : components) {
            assertThat(component.isAlive()).as("pid " + component.pid() + " still alive").isFalse();
        }
        assertNothingRunsFrom(data, PORTS);
        assertThat(Files.readString(console)).contains("keyturn: stopped in ");
    }

    /**
     * The first port offset from 10000 up, in steps of 500 and below the ephemeral range (32768), whose ports are
     * all free right now, other than {@code not}: other programs on a shared machine can hold any of them.
     */
    private static int freeOffset(int not) {
        for (int offset = 10_000; Ports.DEFAULT.shiftedBy(offset).postgres() < 32_768; offset += 500) {
            if (offset != not && Ports.DEFAULT.shiftedBy(offset).all().stream().allMatch(PortCheck::isFree)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free set of ports for a second stack below 32768");
    }

    private static void assertNothingRunsFrom(DataDir dir, Ports ports) {
        assertThat(ProcessHandle.allProcesses().filter(h -> StaleProcesses.isOurs(h, dir)).toList())
                .as("processes of " + dir.root()).isEmpty();
        for (Ports.Use use : ports.all()) {
            assertThat(PortCheck.isFree(use)).as("port " + use + " free").isTrue();
        }
        assertThat(StackLock.isHeld(dir)).as("lock of " + dir.root()).isFalse();
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String phase, List<Future<RecordMetadata>> sent) {
        for (int i = 0; i < 50; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, "device-" + (i % 7), phase + "-" + i)));
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(60);
            // Keep polling a little past the expected count so that a duplicate would show.
            Instant quietUntil = null;
            while (Instant.now().isBefore(deadline) && (quietUntil == null || Instant.now().isBefore(quietUntil))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                if (values.size() >= expected && quietUntil == null) {
                    quietUntil = Instant.now().plusSeconds(2);
                }
            }
        }
        return values;
    }

    private static void awaitServices(String what, IntPredicate wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Integer> last = new HashMap<>();
        while (true) {
            boolean all = true;
            for (ServiceSpec svc : ServiceSpec.ALL) {
                int code = readiness(svc);
                last.put(svc.name(), code);
                all &= wanted.test(code);
            }
            if (all) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail(what + ": not within " + timeout.toSeconds() + " s; last readiness codes " + last);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static int readiness(ServiceSpec svc) {
        try {
            return get(svc, "/q/health/ready", null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> get(ServiceSpec svc, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + svc.port().applyAsInt(PORTS) + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> servicePids() throws IOException {
        StackState.Snapshot snapshot = snapshot();
        Map<String, Long> pids = new HashMap<>();
        for (ServiceSpec svc : ServiceSpec.ALL) {
            pids.put(svc.name(), snapshot.component(svc.name()).pid());
        }
        return pids;
    }

    private static StackState.Snapshot snapshot() throws IOException {
        return StackState.read(data.state());
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        cmd.add("--root");
        cmd.add(root.toString());
        return cmd;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("keyturn " + String.join(" ", args) + " did not finish within 180 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
