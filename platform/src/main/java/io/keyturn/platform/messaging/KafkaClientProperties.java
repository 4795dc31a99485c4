package io.keyturn.platform.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
}
