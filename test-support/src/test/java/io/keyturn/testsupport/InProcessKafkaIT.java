package io.keyturn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InProcessKafkaIT {

    @Test
    void createsTheContractTopicsWithTheirPartitionCounts() throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", TestKafka.get().bootstrapServers()))) {
            var topics = admin.describeTopics(EventTopics.ALL.stream().map(EventTopics.Spec::name).toList())
                    .allTopicNames().get();
            for (EventTopics.Spec spec : EventTopics.ALL) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
            }
        }
    }

    @Test
    void aRestartedBrokerKeepsItsPortAndLosesNoRecordSentAcrossTheOutage() throws Exception {
        TestKafka kafka = TestKafka.get();
        String bootstrap = kafka.bootstrapServers();
        String topic = "test-kafka-it-outage";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            List<Future<RecordMetadata>> sent = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "before-" + i)));
            }
            producer.flush();
            kafka.stopBroker();
            // send() may block while there is no broker, as it would on an application thread.
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 20; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "during-" + i)));
                }
            });
            TimeUnit.SECONDS.sleep(1);
            kafka.startBroker();
            during.get(120, TimeUnit.SECONDS);
            for (Future<RecordMetadata> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-kafka-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (values.size() < 40 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).hasSize(40).doesNotHaveDuplicates();
    }
}
