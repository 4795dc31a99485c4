package io.keyturn.testsupport;

import io.keyturn.devidentity.DevIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a keyturn service needs under test, in one resource: the datasource ({@link PostgresResource}),
 * Kafka ({@link KafkaResource}) and the token issuer ({@link DevIssuerResource}). Put the same
 * {@code @WithTestResource(ServiceTestResource.class)} on every {@code @QuarkusTest} of a module and Quarkus starts
 * the application once for all of them.
 */
public class ServiceTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(PostgresResource.config());
        config.putAll(KafkaResource.config());
        config.putAll(DevIssuerResource.config());
        return config;
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of the JVM and stop at exit.
    }
}
