package io.keyturn.crypto;

import io.keyturn.crypto.domain.ChainPolicy;
import io.keyturn.crypto.domain.DeviceSpec;
import io.keyturn.crypto.domain.Generation;
import io.keyturn.crypto.domain.ProfileRenderer;
import io.keyturn.crypto.domain.RotationChain;
import io.keyturn.crypto.domain.VerifiedPlaintext;
import io.keyturn.crypto.domain.VerifiedSealer;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Sources;
import io.keyturn.events.Topics;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.events.template.TemplateScope;
import io.keyturn.protocol.crypto.GzipSegmentCache;
import io.keyturn.protocol.crypto.OpenSslEnvelope;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On demand, never in the suite (the name matches neither *Test nor *IT):
 * {@code ./mvnw -B -o -pl crypto-service -am verify -Dit.test=RotationThroughputBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dkeyturn.bench.devices=2000}.
 *
 * <p>The issue's benchmark: rotation requests consumed → profile events produced, on real Kafka and PostgreSQL.
 * Registers N mTLS devices whose profile is the realistic 60 KB SPA962 configuration (a group template), waits until
 * each has generation 1 out, then publishes N {@code rotation.requested} and times until N {@code profile.published}
 * of generation 2 (each device's new steady file; its generation-1 file is re-pointed in the same transaction) are
 * on {@code keyturn.profiles}. In the same run it times the single-thread pipeline over the service's own
 * {@link ProfileRenderer} and {@link VerifiedSealer} (render, gzip, encrypt, decrypt, parse, check: what
 * bench's ProfilePipelineBenchmark measures) and prints devices/s, profiles/s and their ratio. A rotation publishes
 * two files, so one thread doing nothing but the pipeline would reach a ratio of 0.5.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class RotationThroughputBenchmark {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    @Inject
    ProfileRenderer renderer;

    @Test
    void rotationsPerSecondAgainstTheProfilePipeline() throws Exception {
        int n = Integer.getInteger("keyturn.bench.devices", 2_000);
        String run = String.format("%04x", System.nanoTime() & 0xffffL);
        String group = "bench/" + run;
        String xml = new String(sample(), StandardCharsets.UTF_8);
        String templateId = "group/" + group;
        List<TemplateRef> templates = List.of(new TemplateRef(templateId, 1));
        List<String> macs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            macs.add("0b" + run + String.format("%06x", i));
        }

        try (KafkaProducer<String, byte[]> producer = producer(); ProfileCounter counter = new ProfileCounter(macs)) {
            send(producer, new TemplatePublished(templateId, 1, TemplateScope.GROUP, group, xml, sha256(xml),
                    "bench", Instant.now()));
            producer.flush();
            Thread.sleep(2_000);
            for (String mac : macs) {
                send(producer, new DeviceRegistered(mac, 1, "SPA962", "962", null, group, null, BootstrapMode.MTLS,
                        null, Map.of("Display_Name_1_", "Desk " + mac), Map.of(), templates, Instant.now()));
            }
            producer.flush();
            long registered = counter.await(1, n, Duration.ofMinutes(10));
            System.out.printf("generation 1 out for %d of %d devices%n", registered, n);

            long start = System.nanoTime();
            for (String mac : macs) {
                send(producer, new RotationRequested(mac, 1L, RotationCause.MANUAL, "bench", null, Instant.now()));
            }
            producer.flush();
            long rotated = counter.await(2, n, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double devicesPerSecond = rotated / seconds;

            double profilesPerSecond = pipeline(xml, Duration.ofSeconds(10));
            int size = FlatProfileXml.writeBytes(FlatProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8))).length;
            System.out.printf("%nRotationThroughputBenchmark (%d devices, %d-byte template, gzip on, %d cores)%n", n,
                    size, Runtime.getRuntime().availableProcessors());
            System.out.printf("  service:  %d rotations in %.2f s = %.0f devices/s (requests consumed -> profile events"
                    + " produced)%n", rotated, seconds, devicesPerSecond);
            System.out.printf("  pipeline: %.0f profiles/s (one thread, two files per rotation: render, gzip, inflate, parse,"
                    + " check once; encrypt, decrypt, compare each)%n",
                    profilesPerSecond);
            System.out.printf("  ratio:    %.2f%n%n", devicesPerSecond / profilesPerSecond);
        }
    }

    /**
     * The service's own render → verify once → seal each file loop on one thread, as long as {@code duration}; profiles/s
     * (two per rotation, as the service makes them, through a segment cache as the service has one).
     */
    private double pipeline(String xml, Duration duration) {
        VerifiedSealer sealer = new VerifiedSealer(new ProfileCipher(new OpenSslEnvelope(),
                ProfileCipher.DEFAULT_MAX_PROFILE_BYTES, new GzipSegmentCache()));
        DeviceSpec spec = new DeviceSpec("0b0000000001", "SPA962", "962", BootstrapMode.MTLS,
                List.of(FlatProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8))), Map.of("Display_Name_1_", "Desk"));
        ChainPolicy policy = new ChainPolicy(2, Duration.ZERO);
        ProfileKey held = ProfileKeys.newKey();
        // Warm up, then measure.
        long sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += once(sealer, spec, held, policy);
        }
        long count = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            sink += once(sealer, spec, held, policy);
            count++;
        }
        double rate = 2 * count / ((System.nanoTime() - start) / 1e9);
        if (sink == 42) {
            System.out.print("");
        }
        return rate;
    }

    /**
     * The two files of a rotation: a fresh key and directory, rendered, compressed and verified once, then sealed under
     * the new key (the steady file) and under the held key (the re-pointed file), each checked against the verified
     * bytes.
     */
    private int once(VerifiedSealer sealer, DeviceSpec spec, ProfileKey held, ChainPolicy policy) {
        Generation next = RotationChain.start(spec.mac(), false).issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(),
                "962", null, null, policy, Instant.now());
        VerifiedPlaintext plaintext = sealer.verify(renderer.chain(spec, next), true, spec.mac(), "962");
        return sealer.seal(plaintext, next.key()).content().length + sealer.seal(plaintext, held).content().length;
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = RotationThroughputBenchmark.class.getResourceAsStream("/profiles/spa962-sample.xml")) {
            if (in == null) {
                throw new IllegalStateException("/profiles/spa962-sample.xml is missing (protocol's test-jar)");
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, io.keyturn.events.EventData data) {
        String source = data instanceof RotationRequested ? Sources.ROTATION_SCHEDULER : Sources.REGISTRY_SERVICE;
        EventRecord r = CODEC.encode(CloudEvent.of(UUID.randomUUID(), source, Instant.now(), data));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
        r.headers().forEach((k, v) -> record.headers().add(k, v));
        producer.send(record);
    }

    /** Counts, per generation, the devices whose own chain file of that generation appeared on keyturn.profiles. */
    private static final class ProfileCounter implements AutoCloseable {

        private final Set<String> macs;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<Long, Set<String>> seen = new HashMap<>();

        ProfileCounter(List<String> macs) {
            this.macs = new HashSet<>(macs);
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROFILES).stream()
                    .map(pi -> new TopicPartition(Topics.PROFILES, pi.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Waits until {@code n} devices have their own file of {@code generation} out; returns how many did. */
        long await(long generation, int n, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            Set<String> done = seen.computeIfAbsent(generation, g -> new HashSet<>());
            while (done.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (!macs.contains(r.key())) {
                        continue;
                    }
                    Map<String, byte[]> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value());
                    }
                    if (CODEC.decode(new EventRecord(r.topic(), r.key(), headers, r.value())).data()
                            instanceof ProfilePublished p && p.kind() == ProfileKind.CHAIN && p.generation() != null
                            && p.generation().equals(p.targetGeneration())) {
                        seen.computeIfAbsent(p.generation(), g -> new HashSet<>()).add(p.mac());
                    }
                }
            }
            return done.size();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
