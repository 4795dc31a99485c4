package io.keyturn.scheduler;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.testsupport.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code keyturn.rotation.requested} events from the topic, from the end it was opened at. */
final class RotationRequests implements AutoCloseable {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private final KafkaConsumer<String, byte[]> consumer;

    RotationRequests() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ROTATIONS).stream()
                .map(pi -> new TopicPartition(Topics.ROTATIONS, pi.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Polls once and hands every event to {@code sink}. */
    void pollAll(Duration wait, Consumer<CloudEvent<?>> sink) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            sink.accept(CODEC.decode(new EventRecord(r.topic(), r.key(), headers, r.value())));
        }
    }

    /** Polls once and hands each request to {@code sink}. */
    void poll(Duration wait, Consumer<CloudEvent<RotationRequested>> sink) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            CloudEvent<?> e = CODEC.decode(new EventRecord(r.topic(), r.key(), headers, r.value()));
            if (e.data() instanceof RotationRequested) {
                @SuppressWarnings("unchecked")
                CloudEvent<RotationRequested> req = (CloudEvent<RotationRequested>) e;
                sink.accept(req);
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
