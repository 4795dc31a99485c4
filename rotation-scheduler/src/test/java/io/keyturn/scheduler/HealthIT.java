package io.keyturn.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class HealthIT {

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
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
                Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery(
                        "SELECT version, success FROM scheduler.flyway_schema_history WHERE version = '1'")) {
            assertThat(rs.next()).as("V1 baseline recorded in schema scheduler").isTrue();
            assertThat(rs.getBoolean("success")).isTrue();
        }
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
