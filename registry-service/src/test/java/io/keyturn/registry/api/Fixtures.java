package io.keyturn.registry.api;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.keyturn.testsupport.TestIssuer;
import io.keyturn.testsupport.TestKafka;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the registry's ITs share: unique MACs, tokens, and reading keyturn.devices back. */
final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A MAC no other test uses (locally administered prefix 02, then 40 random bits). */
    static String newMac() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder("02");
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    static String admin() {
        return TestIssuer.get().bearer("alice", "fleet-admin");
    }

    static String operator() {
        return TestIssuer.get().bearer("oscar", "operator");
    }

    static String auditor() {
        return TestIssuer.get().bearer("audrey", "auditor");
    }

    /**
     * Every event on keyturn.devices whose key is in {@code keys}, in topic order, read from the beginning until
     * {@code expected} distinct events have arrived or the timeout passes (then what arrived so far).
     */
    static List<CloudEvent<?>> deviceEvents(Set<String> keys, int expected, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        CloudEventCodec codec = new CloudEventCodec();
        List<CloudEvent<?>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEVICES));
            // Distinct ids: a batch the relay sent just before a broker outage may arrive twice, and must not count
            // twice towards what is expected.
            Set<UUID> ids = new java.util.HashSet<>();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(r.key())) {
                        Map<String, byte[]> headers = new LinkedHashMap<>();
                        for (Header h : r.headers()) {
                            headers.put(h.key(), h.value());
                        }
                        CloudEvent<?> event = codec.decode(new EventRecord(r.topic(), r.key(), headers, r.value()));
                        out.add(event);
                        ids.add(event.id());
                    }
                }
            }
        }
        return out;
    }
}
