package io.keyturn.platform.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code kafka.*} properties of the service's configuration (bootstrap servers, SASL, TLS), as the Kafka clients
 * that keyturn builds itself take them: the outbox relay's producer, the fetch log's, the readiness check's admin
 * client. The channels of SmallRye Reactive Messaging read the same properties, so every client of a service reaches
 * the broker the same way.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /**
     * Every {@code kafka.} property whose name, without the prefix, is in {@code known} (for example
     * {@code ProducerConfig.configNames()}); others belong to other kinds of client and are left out, so the client
     * does not warn about them.
     */
    public static Map<String, Object> from(Set<String> known) {
        Config config = ConfigProvider.getConfig();
        Map<String, Object> props = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.")) {
                String key = name.substring("kafka.".length());
                if (known.contains(key)) {
                    config.getOptionalValue(name, String.class).ifPresent(v -> props.put(key, v));
                }
            }
        }
        return props;
    }

    /**
     * The properties of a producer whose every send must either be acknowledged by the broker or fail within
     * {@code sendTimeout}: the service's {@code kafka.*} producer properties, then, set after them because they are not
     * negotiable, idempotence and {@code acks=all} (no reordering or duplicates within a producer session), the
     * timeouts (metadata wait and delivery within {@code sendTimeout}, a request within half of it), the compression,
     * and a client id of the application's name and {@code role}. The caller adds its linger and batching.
     */
    public static Map<String, Object> reliableProducer(String role, Duration sendTimeout, String compression) {
        Map<String, Object> props = from(ProducerConfig.configNames());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        int timeoutMs = (int) sendTimeout.toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        // The delivery timeout must cover linger plus one request; a send not acknowledged by then fails.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(1_000, timeoutMs));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.name", String.class).orElse("keyturn") + "-" + role);
        return props;
    }
}
