package io.keyturn.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A campaign over 2,500 devices on real Kafka and PostgreSQL: a 1 % canary, then waves at 4,000/min; twelve devices
 * never confirm, the stop rule 10/1000 halts the campaign, they come back late, and resume finishes it with every
 * device requested exactly once.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class CampaignFlowIT {

    private static final String OPERATOR = TestIssuer.get().bearer("olivia", "operator");
    private static final String ADMIN = TestIssuer.get().bearer("adam", "fleet-admin");
    private static final int DEVICES = 2500;
    private static final int OFFLINE = 10;

    @Inject
    DataSource dataSource;

    private static JsonPath campaign(String id) {
        return given().header("Authorization", OPERATOR).get("/api/v1/campaigns/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void runsACanaryThenWavesHaltsOnTheStopRuleAndFinishesAfterResume() throws Exception {
        String group = "it/flow-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("maxPerMinute", 60_000, "seenWithin", "P1D"))
                .put("/api/v1/policies/" + group).then().statusCode(200);

        List<String> macs = Fleet.newMacs(DEVICES);
        List<String> online = macs.subList(0, DEVICES - OFFLINE).stream().sorted().toList();
        try (Fleet fleet = new Fleet()) {
            macs.forEach(m -> fleet.register(m, group + "/rack-" + (m.hashCode() & 7)));
            online.forEach(fleet::seen);
            fleet.flush();
        }
        Map<String, Object> request = Map.of("group", group, "ratePerMinute", 4000, "canaryPercent", 1,
                "stopAfter", "10/1000", "confirmWithin", "PT10S");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", OPERATOR)
                .contentType(ContentType.JSON).body(request).post("/api/v1/campaigns/preflight")
                .then().statusCode(200).body("candidates", equalTo(DEVICES)).body("online", equalTo(DEVICES - OFFLINE))
                .body("heldBack", equalTo(OFFLINE)).body("canary", equalTo(25)));

        // Targets go out in MAC order, canary first: twelve devices of the first wave never confirm.
        Set<String> silent = new HashSet<>(online.subList(300, 312));
        try (CryptoStandIn crypto = new CryptoStandIn(new HashSet<>(macs), silent)) {
            String id = given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(request)
                    .post("/api/v1/campaigns").then().statusCode(201)
                    .body("state", equalTo("running")).body("phase", equalTo("canary"))
                    .body("total", equalTo(DEVICES - OFFLINE)).body("canarySize", equalTo(25))
                    .extract().path("id");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> campaign(id).getString("state").equals("halted"));
            JsonPath halted = campaign(id);
            assertThat(halted.getString("reason")).contains("stop rule 10/1000 tripped");
            assertThat(halted.getString("phase")).isEqualTo("waves");
            int requestedAtHalt = halted.getInt("counts.requested");
            assertThat(requestedAtHalt).isLessThan(DEVICES - OFFLINE);
            assertThat(halted.getInt("counts.failed")).isGreaterThanOrEqualTo(10);
            assertThat(halted.getLong("stragglers.count")).isGreaterThanOrEqualTo(10);
            assertThat(crypto.timeouts).allSatisfy(t -> {
                assertThat(t.data().reason()).isEqualTo(RotationFailureReason.CONFIRMATION_TIMEOUT);
                assertThat(silent).contains(t.data().mac());
            });

            Thread.sleep(3000);
            assertThat(campaign(id).getInt("counts.requested")).as("nothing is requested while halted")
                    .isEqualTo(requestedAtHalt);

            crypto.wakeSilent();
            given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + id + "/resume")
                    .then().statusCode(200).body("state", equalTo("running"));

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> campaign(id).getString("state").equals("completed"));
            JsonPath done = campaign(id);
            assertThat(done.getInt("counts.requested")).isEqualTo(DEVICES - OFFLINE);
            assertThat(done.getInt("counts.issued")).isEqualTo(DEVICES - OFFLINE);
            assertThat(done.getInt("counts.published")).isEqualTo(DEVICES - OFFLINE);
            assertThat(done.getInt("counts.confirmed")).isEqualTo(DEVICES - OFFLINE);
            assertThat(done.getInt("counts.failed")).isZero();
            assertThat(crypto.requestsPerMac).hasSize(DEVICES - OFFLINE);
            assertThat(crypto.requestsPerMac.values()).as("no device requested twice").containsOnly(1);
            assertThat(crypto.requestsPerMac.keySet()).containsExactlyInAnyOrderElementsOf(online);
            // The canary went first and alone: every canary device confirmed before any wave device was requested.
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT (SELECT max(confirmed_at) FROM campaign_device"
                         + " WHERE campaign_id = ? AND canary) <= (SELECT min(requested_at) FROM campaign_device"
                         + " WHERE campaign_id = ? AND NOT canary)")) {
                ps.setString(1, id);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }

            given().header("Authorization", OPERATOR).queryParam("stage", "confirmed").queryParam("limit", 2)
                    .get("/api/v1/campaigns/" + id + "/devices").then().statusCode(200)
                    .body("items[0].canary", equalTo(true)).body("items.size()", equalTo(2));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then()
                    .body(containsString("keyturn_campaign_devices{campaign=\"" + id + "\",step=\"confirmed\"} "
                            + (DEVICES - OFFLINE) + ".0")));
        }
    }
}
