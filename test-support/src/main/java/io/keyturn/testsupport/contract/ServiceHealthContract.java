package io.keyturn.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.keyturn.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * What every keyturn service promises about its health, metrics and schema. A service's test extends
 * it with {@code @QuarkusTest @WithTestResource(ServiceTestResource.class)} and names its schema, so the
 * promise is written once and checked in each service.
 */
public abstract class ServiceHealthContract {

    /** The PostgreSQL schema the service migrates with Flyway (e.g. {@code registry}). */
    protected abstract String schema();

    @Test
    void isReadyOnlyWithItsDatabaseAndTheBroker() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka broker"))
                .body("checks.find { it.name == 'Kafka broker' }.status", is("UP"));
    }

    @Test
    void migratesItsOwnSchemaAtStart() throws Exception {
        TestPostgres pg = TestPostgres.get();
        // The schema name comes from the subclass, never from input; it cannot be a bind parameter.
        String history = "SELECT version, success FROM " + schema() + ".flyway_schema_history WHERE version = ?";
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                PreparedStatement sql = db.prepareStatement(history)) {
            sql.setString(1, "1");
            try (ResultSet rs = sql.executeQuery()) {
                assertThat(rs.next()).as("V1 baseline recorded in schema " + schema()).isTrue();
                assertThat(rs.getBoolean("success")).isTrue();
            }
        }
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
