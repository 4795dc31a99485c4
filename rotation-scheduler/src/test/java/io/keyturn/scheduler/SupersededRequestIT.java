package io.keyturn.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A campaign request whose basis another rotation overtook: crypto-service answers it with {@code rotation.failed}
 * {@code superseded} and the newer generation's published and confirmed events complete it. With a stop rule that
 * trips on the first bad outcome, the campaign still completes with every device confirmed and none failed.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class SupersededRequestIT {

    private static final String OPERATOR = TestIssuer.get().bearer("olivia", "operator");
    private static final String ADMIN = TestIssuer.get().bearer("adam", "fleet-admin");
    private static final int DEVICES = 6;

    private static JsonPath campaign(String id) {
        return given().header("Authorization", OPERATOR).get("/api/v1/campaigns/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSupersededRequestIsAnsweredByTheNewerGenerationAndNeverCountsAgainstTheStopRule() throws Exception {
        String group = "it/superseded-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("maxPerMinute", 60_000, "seenWithin", "P1D"))
                .put("/api/v1/policies/" + group).then().statusCode(200);
        List<String> macs = Fleet.newMacs(DEVICES);
        Set<String> mine = new HashSet<>(macs);
        try (Fleet fleet = new Fleet()) {
            for (String mac : macs) {
                fleet.register(mac, group);
                fleet.confirmedAt(mac, 1, Instant.now().minusSeconds(60));
                fleet.seen(mac);
            }
            fleet.flush();
        }
        Map<String, Object> request = Map.of("group", group, "ratePerMinute", 6000, "canaryPercent", 50,
                "stopAfter", "1/6", "confirmWithin", "PT60S");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", OPERATOR)
                .contentType(ContentType.JSON).body(request).post("/api/v1/campaigns/preflight")
                .then().statusCode(200).body("online", equalTo(DEVICES)));

        Map<String, Long> basis = new ConcurrentHashMap<>();
        try (Fleet fleet = new Fleet(); RotationRequests requests = new RotationRequests()) {
            String id = given().header("Authorization", OPERATOR).contentType(ContentType.JSON).body(request)
                    .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (basis.size() < DEVICES && System.nanoTime() < deadline) {
                requests.pollAll(Duration.ofMillis(200), e -> {
                    if (e.data() instanceof RotationRequested r && mine.contains(r.mac())
                            && basis.putIfAbsent(r.mac(), r.fromGeneration() == null ? 0 : r.fromGeneration()) == null) {
                        overtake(fleet, e.id(), r);
                    }
                });
                fleet.flush();
            }
            assertThat(basis).as("every device requested from generation 1").hasSize(DEVICES).containsValue(1L)
                    .doesNotContainValue(0L);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !campaign(id).getString("state").equals("running"));
            JsonPath done = campaign(id);
            assertThat(done.getString("state")).isEqualTo("completed");
            assertThat(done.getInt("counts.confirmed")).isEqualTo(DEVICES);
            assertThat(done.getInt("counts.failed")).isZero();
        }
    }

    /**
     * What crypto-service emits when a manual rotation got generation 2 in before the campaign's request (basis 1)
     * arrived: generation 2 issued and published for the other request, this one superseded, then the device
     * fetches generation 2 and crypto-service confirms it.
     */
    private static void overtake(Fleet fleet, UUID requestId, RotationRequested r) {
        var fp = Fleet.fingerprint(r.mac(), 2);
        fleet.send(CloudEvent.of(UUID.randomUUID(), Sources.CRYPTO_SERVICE, Instant.now(),
                new RotationIssued(r.mac(), 2, null, fp, UUID.randomUUID(), Instant.now())));
        fleet.send(CloudEvent.of(UUID.randomUUID(), Sources.CRYPTO_SERVICE, Instant.now(),
                new RotationPublished(r.mac(), 2, null, fp, Instant.now())));
        fleet.send(CloudEvent.of(UUID.randomUUID(), Sources.CRYPTO_SERVICE, Instant.now(),
                new RotationFailed(r.mac(), null, r.campaignId(), null, RotationFailureReason.SUPERSEDED,
                        "generation 2 was issued after generation 1", requestId, Instant.now())));
        fleet.confirm(r.mac(), 2, null);
    }
}
