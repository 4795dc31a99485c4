package io.keyturn.testsupport;

import io.keyturn.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics of the event contract (DESIGN.md §4) as a single-node broker gets them. Records are keyed by device
 * MAC, so the partition count bounds how many consumer instances of one service share the work while each
 * device's events stay in order. {@code keyturn.devices} changes rarely (registration, decommissioning); the
 * three others carry several records per rotation or fetch, so they get more partitions.
 */
public final class EventTopics {

    public record Spec(String name, int partitions) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec(Topics.DEVICES, 3),
            new Spec(Topics.ROTATIONS, 6),
            new Spec(Topics.PROFILES, 6),
            new Spec(Topics.DELIVERIES, 6));

    private EventTopics() {
    }

    /** Creates whichever of the topics the broker at {@code bootstrapServers} lacks; replication factor 1. */
    public static void ensure(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka at " + bootstrapServers + " did not answer within 30 s");
        }
    }
}
