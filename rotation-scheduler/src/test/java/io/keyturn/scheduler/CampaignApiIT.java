package io.keyturn.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class CampaignApiIT {

    private static final String OPERATOR = TestIssuer.get().bearer("olivia", "operator");
    private static final String AUDITOR = TestIssuer.get().bearer("audrey", "auditor");
    private static final String ADMIN = TestIssuer.get().bearer("adam", "fleet-admin");

    private static Fleet fleet;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static String newGroup() {
        return "it/api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers {@code n} online devices in {@code group} and waits until the read model has them. */
    private static List<String> seed(String group, int n) {
        List<String> macs = Fleet.newMacs(n);
        macs.forEach(m -> fleet.register(m, group));
        macs.forEach(fleet::seen);
        fleet.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPERATOR)
                .contentType(ContentType.JSON)
                .body(Map.of("group", group, "ratePerMinute", 100))
                .post("/api/v1/campaigns/preflight")
                .then().statusCode(200).body("online", equalTo(n)));
        return macs;
    }

    private static ValidatableResponse createCampaign(String token, Map<String, Object> body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/campaigns").then();
    }

    private boolean processed(UUID eventId) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT count(*) FROM processed_event WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private long campaignRows(String group) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT count(*) FROM campaign WHERE grp = ?")) {
            ps.setString(1, group);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void refusesAnUnknownGroupAndSchedulesNothing() throws Exception {
        String group = newGroup();
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 500))
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://keyturn.io/problems/unknown-group"))
                .body("detail", equalTo("no device is in group " + group));
        assertThat(campaignRows(group)).isZero();
    }

    @Test
    void refusesARateOfZeroOrBelow() throws Exception {
        String group = newGroup();
        seed(group, 2);
        for (int rate : new int[] {0, -5}) {
            createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", rate))
                    .statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-rate"));
        }
        assertThat(campaignRows(group)).isZero();
    }

    @Test
    void refusesWindowsThatNeverOpen() throws Exception {
        String group = newGroup();
        seed(group, 2);
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 50, "zone", "Europe/Berlin",
                "windows", List.of(Map.of("days", List.of("MON"), "start", "02:00", "end", "02:00"))))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/window-never-opens"));
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 50,
                "windows", List.of(Map.of("days", List.of(), "start", "01:00", "end", "02:00"))))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/window-never-opens"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("windows", List.of(Map.of("days", List.of("SUN"), "start", "03:00", "end", "03:00"))))
                .put("/api/v1/policies/" + group)
                .then().statusCode(400).body("type", equalTo("https://keyturn.io/problems/window-never-opens"));
        assertThat(campaignRows(group)).isZero();
    }

    @Test
    void refusesACampaignOverDevicesAnotherActiveCampaignHolds() throws Exception {
        String group = newGroup();
        seed(group, 3);
        // Paused at once, so it holds its devices without rotating them.
        String first = createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 1, "canaryPercent", 0))
                .statusCode(201).extract().path("id");
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + first + "/pause").then().statusCode(200);
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 100))
                .statusCode(409).body("type", equalTo("https://keyturn.io/problems/campaign-overlap"));
        // A parent group covers the same devices.
        createCampaign(OPERATOR, Map.of("group", group.substring(0, group.indexOf('/')), "ratePerMinute", 100))
                .statusCode(409).body("type", equalTo("https://keyturn.io/problems/campaign-overlap"));
        assertThat(campaignRows(group)).isEqualTo(1);
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + first + "/cancel")
                .then().statusCode(200).body("state", equalTo("cancelled"));
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 100)).statusCode(201);
    }

    @Test
    void refusesMalformedStopRulesAndPercentages() {
        String group = newGroup();
        seed(group, 1);
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 10, "stopAfter", "10"))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-stop-rule"));
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 10, "canaryPercent", 150))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-percent"));
        createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 10, "confirmWithin", "soon"))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-duration"));
    }

    @Test
    void preflightCountsOfflineDevicesAndHoldsThemBack() {
        String group = newGroup();
        List<String> online = seed(group, 4);
        List<String> offline = Fleet.newMacs(3);
        offline.forEach(m -> fleet.register(m, group + "/basement"));
        fleet.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", AUDITOR)
                .contentType(ContentType.JSON).body(Map.of("group", group, "ratePerMinute", 100, "canaryPercent", 25))
                .post("/api/v1/campaigns/preflight")
                .then().statusCode(200)
                .body("candidates", equalTo(7)).body("online", equalTo(4)).body("offline", equalTo(3))
                .body("heldBack", equalTo(3)).body("targets", equalTo(4)).body("canary", equalTo(1)));
        String id = createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 100, "includeOffline", true))
                .statusCode(201).body("total", equalTo(7)).body("heldBack", equalTo(0)).extract().path("id");
        assertThat(online).hasSize(4);
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void auditorsReadButCannotStartCampaigns() {
        String group = newGroup();
        seed(group, 1);
        createCampaign(AUDITOR, Map.of("group", group, "ratePerMinute", 10)).statusCode(403);
        given().header("Authorization", AUDITOR).get("/api/v1/campaigns").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("group", group, "ratePerMinute", 10))
                .post("/api/v1/campaigns").then().statusCode(401);
    }

    @Test
    void rotatesOneDeviceNowAndEmitsTheRequest() {
        String group = newGroup();
        String mac = seed(group, 1).get(0);
        List<CloudEvent<RotationRequested>> seen = new ArrayList<>();
        try (RotationRequests requests = new RotationRequests()) {
            String requestId = given().header("Authorization", OPERATOR).queryParam("emergency", true)
                    .post("/api/v1/devices/" + mac + "/rotations")
                    .then().statusCode(202).body("mac", equalTo(mac)).body("cause", equalTo("emergency"))
                    .body("requestId", notNullValue()).extract().path("requestId");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                requests.poll(Duration.ofMillis(200), e -> {
                    if (e.subject().equals(mac)) {
                        seen.add(e);
                    }
                });
                return !seen.isEmpty();
            });
            assertThat(seen.get(0).id()).hasToString(requestId);
            assertThat(seen.get(0).data().cause()).isEqualTo(RotationCause.EMERGENCY);
            assertThat(seen.get(0).data().requestedBy()).isEqualTo("olivia");
        }
    }

    @Test
    void rotatesDevicesOnTheirPolicyCadenceOnceEach() {
        String group = newGroup();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("cadence", "PT1H", "jitterPercent", 0, "seenWithin", "P1D"))
                .put("/api/v1/policies/" + group).then().statusCode(200);
        List<String> macs = seed(group, 2);
        String due = macs.get(0);
        String fresh = macs.get(1);
        fleet.confirmedAt(due, 1, java.time.Instant.now().minus(Duration.ofHours(2)));
        fleet.confirmedAt(fresh, 1, java.time.Instant.now().minus(Duration.ofMinutes(10)));
        fleet.flush();
        List<CloudEvent<RotationRequested>> seen = new ArrayList<>();
        try (RotationRequests requests = new RotationRequests()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                requests.poll(Duration.ofMillis(200), e -> {
                    if (macs.contains(e.subject())) {
                        seen.add(e);
                    }
                });
                return !seen.isEmpty();
            });
            // Several more ticks: the request is open, so the device is not asked again.
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                requests.poll(Duration.ofMillis(200), e -> {
                    if (macs.contains(e.subject())) {
                        seen.add(e);
                    }
                });
            }
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).subject()).isEqualTo(due);
        assertThat(seen.get(0).data().cause()).isEqualTo(RotationCause.SCHEDULE);
        assertThat(seen.get(0).data().requestedBy()).isEqualTo("policy " + group);
        assertThat(seen.get(0).data().fromGeneration()).isEqualTo(1L);
    }

    @Test
    void replayedAndOlderDeviceEventsChangeNothing() {
        String from = newGroup();
        String to = newGroup();
        String mac = seed(from, 1).get(0);
        var v3 = fleet.moved(mac, 3, to);
        var v2 = fleet.moved(mac, 2, from);
        fleet.send(v3);
        fleet.send(v3);
        fleet.send(v2);
        fleet.flush();
        // Wait until the older version 2, which came last, was handled: the device must still be at version 3.
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(v2.id()));
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT grp, version FROM device WHERE mac = ?")) {
            ps.setString(1, mac);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(to);
                assertThat(rs.getLong(2)).isEqualTo(3);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        given().header("Authorization", AUDITOR).contentType(ContentType.JSON)
                .body(Map.of("group", to, "ratePerMinute", 10)).post("/api/v1/campaigns/preflight")
                .then().statusCode(200).body("candidates", equalTo(1));
        createCampaign(OPERATOR, Map.of("group", from, "ratePerMinute", 10))
                .statusCode(400).body("type", equalTo("https://keyturn.io/problems/unknown-group"));
    }

    @Test
    void answersUnknownAndMalformedDevicesWithProblems() {
        given().header("Authorization", OPERATOR).post("/api/v1/devices/0000deadbeef/rotations")
                .then().statusCode(404).body("type", equalTo("https://keyturn.io/problems/device-not-found"));
        given().header("Authorization", OPERATOR).post("/api/v1/devices/not-a-mac/rotations")
                .then().statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-mac"));
    }

    @Test
    void refusesToRotateADecommissionedDevice() {
        String group = newGroup();
        String mac = seed(group, 1).get(0);
        fleet.decommission(mac);
        fleet.flush();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", OPERATOR)
                .post("/api/v1/devices/" + mac + "/rotations")
                .then().statusCode(409).body("type", equalTo("https://keyturn.io/problems/device-decommissioned")));
    }

    @Test
    void keepsPoliciesPerGroupAndListsThemByCursor() {
        String base = newGroup();
        for (String g : List.of(base + "/a", base + "/b", base + "/c")) {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("cadence", "P30D", "jitterPercent", 10, "zone", "Europe/Berlin", "maxPerMinute", 500,
                            "seenWithin", "P7D", "windows", List.of(Map.of("days", List.of("MON", "TUE"),
                                    "start", "01:00", "end", "05:00"))))
                    .put("/api/v1/policies/" + g).then().statusCode(200).body("group", equalTo(g))
                    .body("windows[0].days[1]", equalTo("TUE"));
        }
        given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(Map.of("jitterPercent", 5))
                .put("/api/v1/policies/" + base + "/a").then().statusCode(403);
        String cursor = given().header("Authorization", AUDITOR).queryParam("limit", 1)
                .queryParam("cursor", base + "/a").get("/api/v1/policies")
                .then().statusCode(200).body("items[0].group", equalTo(base + "/b"))
                .body("nextCursor", equalTo(base + "/b")).extract().path("nextCursor");
        given().header("Authorization", AUDITOR).get("/api/v1/policies/" + base + "/c")
                .then().statusCode(200).body("cadence", equalTo("PT720H")).body("jitterPercent", equalTo(10));
        given().header("Authorization", ADMIN).delete("/api/v1/policies/" + base + "/c").then().statusCode(204);
        given().header("Authorization", AUDITOR).get("/api/v1/policies/" + base + "/c")
                .then().statusCode(404).body("type", equalTo("https://keyturn.io/problems/policy-not-found"));
        assertThat(cursor).startsWith(base);
    }

    @Test
    void listsCampaignsNewestFirstByCursor() {
        String group = newGroup();
        seed(group, 2);
        String a = createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 1)).statusCode(201)
                .extract().path("id");
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + a + "/cancel").then().statusCode(200);
        String b = createCampaign(OPERATOR, Map.of("group", group, "ratePerMinute", 1)).statusCode(201)
                .header("Location", startsWith("http")).extract().path("id");
        String next = given().header("Authorization", AUDITOR).queryParam("limit", 1).get("/api/v1/campaigns")
                .then().statusCode(200).body("items[0].id", equalTo(b)).extract().path("nextCursor");
        given().header("Authorization", AUDITOR).queryParam("limit", 1).queryParam("cursor", next)
                .get("/api/v1/campaigns").then().statusCode(200).body("items[0].id", equalTo(a));
        given().header("Authorization", AUDITOR).queryParam("cursor", "xyz").get("/api/v1/campaigns")
                .then().statusCode(400).body("type", equalTo("https://keyturn.io/problems/invalid-cursor"));
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + b + "/cancel").then().statusCode(200);
        given().header("Authorization", OPERATOR).post("/api/v1/campaigns/" + b + "/resume")
                .then().statusCode(409).body("type", equalTo("https://keyturn.io/problems/campaign-state-conflict"));
        given().header("Authorization", AUDITOR).get("/api/v1/campaigns/cmp-nope")
                .then().statusCode(404).body("type", equalTo("https://keyturn.io/problems/campaign-not-found"));
    }
}
