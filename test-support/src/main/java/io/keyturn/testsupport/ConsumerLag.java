package io.keyturn.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records the four services' consumer groups have still to commit on the topics they read. The demo's fleet
 * lives an hour in a second or two, far faster than a real one, so between steps it waits for the services to catch
 * up, or the fetch events of one step would queue behind those of the last; the benchmarks wait the same way before
 * each measurement, so that one starts on a stack that has digested the load before it. The services commit offsets
 * every few seconds, so a few seconds' worth of records in flight is normal.
 */
public final class ConsumerLag implements AutoCloseable {

    /** The four services' consumer groups. */
    public static final List<String> ALL_GROUPS =
            List.of("registry-service", "crypto-service", "rotation-scheduler", "delivery-service");

    private final Admin admin;
    private final List<String> groups;

    public ConsumerLag(String bootstrap) {
        this(bootstrap, ALL_GROUPS);
    }

    /** The lag of {@code groups} only (e.g. leaving out services held down on purpose). */
    public ConsumerLag(String bootstrap, List<String> groups) {
        this.groups = List.copyOf(groups);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Records written to the groups' partitions and not yet committed by them, summed; -1 when Kafka does not say. */
    public long total() throws InterruptedException {
        try {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                committed.put(group, offsets);
                offsets.keySet().forEach(tp -> partitions.put(tp, OffsetSpec.latest()));
            }
            if (partitions.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                    long at = e.getValue() == null ? 0 : e.getValue().offset();
                    lag += Math.max(0, ends.get(e.getKey()).offset() - at);
                }
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
