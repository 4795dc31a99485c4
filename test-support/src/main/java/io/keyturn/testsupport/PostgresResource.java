package io.keyturn.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the default datasource at this JVM's {@link TestPostgres}. Stopping is left to JVM exit, so that every
 * Quarkus start in the module reuses the same server.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return config();
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM: TestPostgres stops at exit.
    }

    static Map<String, String> config() {
        TestPostgres pg = TestPostgres.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                "quarkus.datasource.username", pg.username(),
                "quarkus.datasource.password", pg.password());
    }
}
