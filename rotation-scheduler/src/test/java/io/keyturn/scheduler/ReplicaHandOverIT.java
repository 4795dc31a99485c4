package io.keyturn.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.keyturn.testsupport.ServiceProcess;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler replicas on one PostgreSQL: this test's application ({@code replica-a}) and the module's fast-jar in
 * its own JVM ({@code replica-b}). Each campaign tick runs on exactly one of them; killing the one that schedules
 * hands the campaign to the other, and no device is requested twice.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class ReplicaHandOverIT {

    private static final String OPERATOR = TestIssuer.get().bearer("olivia", "operator");
    private static final String ADMIN = TestIssuer.get().bearer("adam", "fleet-admin");
    private static final int DEVICES = 1500;

    @Inject
    Scheduler scheduler;

    @Inject
    DataSource dataSource;

    private Map<String, Long> requestedBy(String campaign) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT requested_by, count(*) FROM campaign_device"
                     + " WHERE campaign_id = ? AND requested_by IS NOT NULL GROUP BY requested_by")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Ticks in which more than one replica claimed devices: a tick's claims share one requested_at. */
    private long ticksByTwoReplicas(String campaign) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT requested_at FROM campaign_device"
                     + " WHERE campaign_id = ? AND requested_at IS NOT NULL GROUP BY requested_at"
                     + " HAVING count(DISTINCT requested_by) > 1) x")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String state(String id) {
        return given().header("Authorization", OPERATOR).get("/api/v1/campaigns/" + id).then().statusCode(200)
                .extract().path("state");
    }

    @Test
    void exactlyOneReplicaSchedulesAndTheOtherTakesOverWhenItIsKilled() throws Exception {
        String group = "it/ha-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("maxPerMinute", 60_000))
                .put("/api/v1/policies/" + group).then().statusCode(200);
        List<String> macs = Fleet.newMacs(DEVICES);
        try (Fleet fleet = new Fleet()) {
            macs.forEach(m -> fleet.register(m, group));
            macs.forEach(fleet::seen);
            fleet.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", OPERATOR)
                .contentType(ContentType.JSON).body(Map.of("group", group, "ratePerMinute", 100))
                .post("/api/v1/campaigns/preflight").then().statusCode(200).body("online", equalTo(DEVICES)));

        try (ServiceProcess b = ServiceProcess.builder("replica-b").jvm("-Xmx384m",
                "-Dkeyturn.scheduler.instance-id=replica-b").start();
             CryptoStandIn crypto = new CryptoStandIn(new HashSet<>(macs), Set.of())) {
            // replica-a stands by, so replica-b is the one that schedules.
            scheduler.pause();
            String id = given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("group", group, "ratePerMinute", 3000, "canaryPercent", 0, "confirmWithin", "PT10M"))
                    .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> requestedBy(id).getOrDefault("replica-b", 0L) >= 200);
            assertThat(requestedBy(id)).as("only the active replica schedules").containsOnlyKeys("replica-b");

            // Both in the cluster, then the scheduling one dies mid-campaign.
            scheduler.resume();
            b.kill();
            long byB = requestedBy(id).getOrDefault("replica-b", 0L);
            assertThat(byB).isLessThan(DEVICES);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> state(id).equals("completed"));
            Map<String, Long> by = requestedBy(id);
            assertThat(by.get("replica-a")).as("replica-a took over").isPositive();
            assertThat(by.get("replica-b")).isEqualTo(byB);
            assertThat(by.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(DEVICES);
            assertThat(ticksByTwoReplicas(id)).as("no tick ran on two replicas").isZero();
            assertThat(crypto.requestsPerMac).hasSize(DEVICES);
            assertThat(crypto.requestsPerMac.values()).as("no device requested twice").containsOnly(1);
        }
    }
}
