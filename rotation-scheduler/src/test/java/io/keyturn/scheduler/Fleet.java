package io.keyturn.scheduler;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventData;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the other services on Kafka: registers devices, reports fetches, and answers rotation requests. */
final class Fleet implements AutoCloseable {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final AtomicLong NEXT_MAC = new AtomicLong(System.nanoTime() & 0xffffffffL);

    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock = Clock.systemUTC();

    Fleet() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A MAC no other test of this JVM uses. */
    static String newMac() {
        return String.format("a0%010x", NEXT_MAC.incrementAndGet() & 0xffffffffffL);
    }

    static List<String> newMacs(int n) {
        List<String> macs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            macs.add(newMac());
        }
        return macs;
    }

    void register(String mac, String group) {
        send(CloudEvent.of(Sources.REGISTRY_SERVICE, new DeviceRegistered(mac, 1, "SPA962", "962", null, group, null,
                BootstrapMode.STAGING_KEY, null, Map.of(), Map.of(), List.of(), clock.instant()), clock));
    }

    /** The same device in another group at {@code version}. */
    CloudEvent<DeviceUpdated> moved(String mac, long version, String group) {
        return CloudEvent.of(Sources.REGISTRY_SERVICE, new DeviceUpdated(mac, version, "SPA962", "962", null, group,
                null, BootstrapMode.STAGING_KEY, null, Map.of(), Map.of(), List.of(), List.of("group"),
                clock.instant()), clock);
    }

    void decommission(String mac) {
        send(CloudEvent.of(Sources.REGISTRY_SERVICE, new DeviceDecommissioned(mac, 2, "test", null, clock.instant()),
                clock));
    }

    /** A chain fetch of generation 1 now: the device is online. */
    void seen(String mac) {
        send(CloudEvent.of(Sources.DELIVERY_SERVICE, new DeliveryFetched("/profile/d" + mac + "/spa962.cfg",
                ProfileKind.CHAIN, mac, 1L, DeliveryProtocol.HTTP, "192.0.2.10", "Cisco/SPA962", FetchResult.COMPLETED,
                100, 3, clock.instant()), clock));
    }

    /** crypto-service's answer to a request: issued and published generation {@code generation}. */
    void issueAndPublish(CloudEvent<RotationRequested> request, long generation) {
        RotationRequested r = request.data();
        KeyFingerprint fp = fingerprint(r.mac(), generation);
        send(CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationIssued(r.mac(), generation, r.campaignId(), fp,
                request.id(), clock.instant()), clock));
        send(CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationPublished(r.mac(), generation, r.campaignId(), fp,
                clock.instant()), clock));
    }

    /** crypto-service's confirmation once the device fetched the new generation. */
    void confirm(String mac, long generation, String campaignId) {
        send(CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationConfirmed(mac, generation, campaignId,
                fingerprint(mac, generation), clock.instant()), clock));
    }

    /** A confirmation that happened at {@code at} (a device rotated long ago). */
    void confirmedAt(String mac, long generation, Instant at) {
        send(CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationConfirmed(mac, generation, null,
                fingerprint(mac, generation), at), clock));
    }

    void send(CloudEvent<? extends EventData> event) {
        EventRecord r = CODEC.encode(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
        r.headers().forEach((k, v) -> record.headers().add(k, v));
        producer.send(record);
    }

    void flush() {
        producer.flush();
    }

    static KeyFingerprint fingerprint(String mac, long generation) {
        return KeyFingerprint.of((mac + "-" + generation).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
