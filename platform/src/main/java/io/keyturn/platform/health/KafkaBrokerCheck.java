package io.keyturn.platform.health;

import io.keyturn.platform.messaging.KafkaClientProperties;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness follows the Kafka broker: DOWN within {@value #TIMEOUT_MS} ms of it becoming unreachable, UP again
 * once it answers. Quarkus' own Kafka check waits on the admin client's default API timeout (60 s) instead, which
 * holds a Kubernetes probe far past its own timeout. The admin client takes every {@code kafka.*} property it
 * understands (bootstrap servers, security), like the messaging channels do.
 */
@Readiness
@ApplicationScoped
public class KafkaBrokerCheck implements HealthCheck {

    static final int TIMEOUT_MS = 2_000;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        try {
            Set<Node> nodes = Set.copyOf(admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS));
            return HealthCheckResponse.named("Kafka broker").up()
                    .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port()).sorted()
                            .collect(Collectors.joining(",")))
                    .build();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return HealthCheckResponse.named("Kafka broker").down()
                    .withData("reason", cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()))
                    .build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = KafkaClientProperties.from(AdminClientConfig.configNames());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "keyturn-readiness");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            // Reconnect quickly after an outage so that readiness comes back soon after the broker does.
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
