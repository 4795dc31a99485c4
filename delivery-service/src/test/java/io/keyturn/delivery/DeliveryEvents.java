package io.keyturn.delivery;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventData;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.keyturn.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what delivery emitted on {@code keyturn.deliveries}, from the beginning, with its own consumer group. */
final class DeliveryEvents implements AutoCloseable {

    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<CloudEvent<?>> seen = new ArrayList<>();

    DeliveryEvents() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "delivery-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.DELIVERIES));
    }

    /** The first event whose payload is a {@code type} matching {@code match}, waiting up to {@code within}. */
    <T extends EventData> Optional<T> await(Class<T> type, Predicate<T> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            Optional<T> found = find(type, match);
            if (found.isPresent()) {
                return found;
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Map<String, byte[]> headers = new LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), h.value());
                }
                seen.add(CODEC.decode(new EventRecord(r.topic(), r.key(), headers, r.value())));
            }
        } while (System.nanoTime() < deadline);
        return find(type, match);
    }

    /** Every event of {@code type} matching {@code match} read so far. */
    <T extends EventData> List<T> all(Class<T> type, Predicate<T> match) {
        return seen.stream().map(CloudEvent::data).filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    private <T extends EventData> Optional<T> find(Class<T> type, Predicate<T> match) {
        return all(type, match).stream().findFirst();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
