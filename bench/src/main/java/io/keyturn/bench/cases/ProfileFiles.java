package io.keyturn.bench.cases;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The delivery benchmark's files: chain files of 24 KB (OpenSSL {@code enc}-shaped random bytes, as crypto-service
 * writes them) at random chain paths {@code /profile/<22 random characters>/spa962.cfg}, one per device, written to
 * a directory for the anchors and published to delivery through {@code keyturn.profiles} as crypto would.
 */
final class ProfileFiles {

    /** 24 KB: 16 bytes of header and salt, then 1,535 AES blocks. */
    static final int SIZE = 16 + 1535 * 16;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    record File(String path, String mac, byte[] content) {
    }

    private ProfileFiles() {
    }

    static List<File> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<File> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder dir = new StringBuilder(22);
            for (int c = 0; c < 22; c++) {
                dir.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            byte[] content = new byte[SIZE];
            for (int b = 0; b < SIZE; b += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8 && b + k < SIZE; k++) {
                    content[b + k] = (byte) (v >>> (8 * k));
                }
            }
            System.arraycopy("Salted__".getBytes(StandardCharsets.US_ASCII), 0, content, 0, 8);
            String mac = "000e08" + String.format("%06x", i);
            files.add(new File("/profile/" + dir + "/spa962.cfg", mac, content));
        }
        return files;
    }

    /** Writes the files under {@code root} at their paths, world-readable (nginx workers and in.tftpd drop root). */
    static void write(List<File> files, Path root) throws IOException {
        Files.createDirectories(root);
        for (File f : files) {
            Path target = root.resolve(f.path().substring(1));
            Files.createDirectories(target.getParent());
            Files.write(target, f.content());
        }
        // The files and the directory that holds them, nothing beside them: walking the parent also opened up
        // whatever else lived there (a scratch harness that kept the stack's data next to the files had PostgreSQL
        // refuse its data directory, now world-readable, at the next start).
        Files.setPosixFilePermissions(root.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Publishes every file as a generation-1 chain file of its device and waits for the broker's acknowledgements. */
    static void publish(List<File> files, String bootstrap) throws Exception {
        CloudEventCodec codec = new CloudEventCodec();
        Clock clock = Clock.systemUTC();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(files.size());
            for (File f : files) {
                ProfilePublished data = new ProfilePublished(f.path(), ProfileKind.CHAIN, f.mac(), 1L, 1L,
                        KeyFingerprint.of(("bench-key-" + f.mac()).getBytes(StandardCharsets.UTF_8)),
                        "application/octet-stream", f.content().length, sha256(f.content()),
                        Base64.getEncoder().encodeToString(f.content()));
                EventRecord record = codec.encode(CloudEvent.of(Sources.CRYPTO_SERVICE, data, clock));
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(record.topic(), record.key(), record.value());
                record.headers().forEach((name, value) -> r.headers().add(name, value));
                sent.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
