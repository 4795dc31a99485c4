package io.keyturn.delivery;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes {@code keyturn.profiles} events the way crypto-service does, onto the test broker. */
final class ProfileEvents {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final Random RANDOM = new Random(Long.getLong("keyturn.seed", 6L));
    private static KafkaProducer<String, byte[]> producer;

    private ProfileEvents() {
    }

    /** OpenSSL enc-shaped bytes: {@code Salted__}, 8 salt bytes, then {@code blocks} random AES blocks. */
    static synchronized byte[] ciphertext(int blocks) {
        byte[] out = new byte[16 + blocks * 16];
        RANDOM.nextBytes(out);
        System.arraycopy("Salted__".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 8);
        return out;
    }

    /** A random directory like crypto's (22 alphanumeric characters). */
    static synchronized String directory() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** A random MAC with the Sipura prefix and the given fourth hex digit, e.g. 'a' for a bootstrap the stub knows. */
    static synchronized String mac(char seventh) {
        return "000e08" + seventh + HexFormat.of().toHexDigits(RANDOM.nextInt(1 << 20)).substring(3);
    }

    static ProfilePublished published(String path, ProfileKind kind, String mac, Long generation, Long target,
                                      byte[] content) {
        return new ProfilePublished(path, kind, mac, generation, target,
                kind == ProfileKind.STAGE0 ? null : KeyFingerprint.of(("key-" + generation).getBytes(StandardCharsets.UTF_8)),
                "application/octet-stream", content.length, sha256(content),
                Base64.getEncoder().encodeToString(content));
    }

    static ProfileWithdrawn withdrawn(String path, ProfileKind kind, String mac, Long generation,
                                      WithdrawalReason reason) {
        return new ProfileWithdrawn(path, kind, mac, generation, reason);
    }

    /** Sends the events in order and waits for the broker's acknowledgement. */
    static void send(io.keyturn.events.EventData... payloads) throws Exception {
        for (io.keyturn.events.EventData data : payloads) {
            send(CloudEvent.of(Sources.CRYPTO_SERVICE, data, Clock.systemUTC()));
        }
    }

    static void send(CloudEvent<?> event) throws Exception {
        EventRecord record = CODEC.encode(event);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach((name, value) -> r.headers().add(name, value));
        producer().send(r).get(30, TimeUnit.SECONDS);
    }

    /** Sends a raw record (e.g. garbage) to keyturn.profiles. */
    static void sendRaw(String key, byte[] value) throws Exception {
        producer().send(new ProducerRecord<>("keyturn.profiles", key, value)).get(30, TimeUnit.SECONDS);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.get().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
