package io.keyturn.crypto;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends events to the test broker and reads them back, as the other services and operators do. */
final class EventBus {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private EventBus() {
    }

    static void send(CloudEvent<?> event) {
        sendAll(List.of(event));
    }

    /** Sends the events in order with one producer and one flush, so that a consumer polls them together. */
    static void sendAll(List<? extends CloudEvent<?>> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (CloudEvent<?> event : events) {
                EventRecord r = CODEC.encode(event);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
                r.headers().forEach((k, v) -> record.headers().add(k, v));
                sent.add(producer.send(record));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + events.size() + " events", e);
        }
    }

    /** Every event keyed {@code key} on {@code topic}, in order, once {@code done} holds or {@code wait} ran out. */
    static List<CloudEvent<?>> read(String topic, String key, Predicate<List<CloudEvent<?>>> done, Duration wait) {
        List<CloudEvent<?>> events = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            events = readAll(topic, key);
            if (done.test(events)) {
                return events;
            }
            sleep(300);
        } while (System.nanoTime() < deadline);
        return events;
    }

    /** Every event on {@code topic} keyed {@code key} (or every event, for a null key), as raw record text too. */
    static List<CloudEvent<?>> readAll(String topic, String key) {
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records(topic)) {
            if (key == null || key.equals(r.key())) {
                Map<String, byte[]> headers = new HashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), h.value());
                }
                events.add(CODEC.decode(new EventRecord(r.topic(), r.key(), headers, r.value())));
            }
        }
        return events;
    }

    /** The whole topic as text (keys, headers, values), for leak searches. */
    static String rawText(String topic) {
        StringBuilder out = new StringBuilder();
        for (ConsumerRecord<String, byte[]> r : records(topic)) {
            out.append(r.key()).append(' ');
            for (Header h : r.headers()) {
                out.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append(' ');
            }
            out.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)).append('\n');
        }
        return out.toString();
    }

    private static List<ConsumerRecord<String, byte[]>> records(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
