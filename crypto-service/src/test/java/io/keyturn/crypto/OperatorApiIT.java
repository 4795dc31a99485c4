package io.keyturn.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class OperatorApiIT {

    private static String bearer(String... roles) {
        return TestIssuer.get().token("it", roles);
    }

    private static void registeredAndPublished(String mac, boolean mtls) {
        EventBus.send(mtls ? Fleet.registeredMtls(mac) : Fleet.registered(mac, Fleet.stagingKey()));
        RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, 1));
    }

    @Test
    void theMtlsBootstrapIsServedToTheServiceRoleOnlyAndNeverCached() {
        String mac = Fleet.newMac();
        registeredAndPublished(mac, true);
        Response r = given().urlEncodingEnabled(false).auth().oauth2(bearer("keyturn-service")).get("/internal/v1/bootstrap/" + mac);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.contentType()).startsWith("application/xml");
        FlatProfile body = FlatProfileXml.parse(r.asByteArray());
        assertThat(body.value("Profile_Rule").orElseThrow())
                .startsWith("( \"$CCERT\" eq \"Installed\" and $PRVST eq 2 )? https://prov.keyturn.test/bootstrap/$MA.xml");
        ProfilePublished chain = RotationFlowIT.published(mac, 1).get(0);
        assertThat(Fleet.open(chain, body.value("GPP_A").orElseThrow()).value("GPP_B")).isEqualTo(body.value("GPP_B"));

        given().urlEncodingEnabled(false).auth().oauth2(bearer("fleet-admin")).get("/internal/v1/bootstrap/" + mac).then().statusCode(403);
        given().get("/internal/v1/bootstrap/" + mac).then().statusCode(401);
    }

    @Test
    void theMtlsBootstrapAnswersProblemsForUnknownAndMismatchedDevicesAndOutlivesTheFirstConfirmation() {
        given().urlEncodingEnabled(false).auth().oauth2(bearer("keyturn-service")).get("/internal/v1/bootstrap/" + Fleet.newMac())
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", is("https://keyturn.io/problems/device-not-found"));
        String staging = Fleet.newMac();
        registeredAndPublished(staging, false);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("keyturn-service")).get("/internal/v1/bootstrap/" + staging)
                .then().statusCode(409).body("type", is("https://keyturn.io/problems/bootstrap-mode-mismatch"));
        String mtls = Fleet.newMac();
        registeredAndPublished(mtls, true);
        ProfilePublished chain = RotationFlowIT.published(mtls, 1).get(0);
        EventBus.send(Fleet.fetched(mtls, chain.path(), 1));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).get("/api/v1/devices/" + mtls + "/chain")
                .jsonPath().getLong("confirmedGeneration") < 1) {
            assertThat(System.nanoTime()).as("generation 1 of " + mtls + " confirmed").isLessThan(deadline);
        }
        // Unlike a staging-key file, the mTLS bootstrap is never disarmed (DESIGN.md §1): it is the recovery rung
        // of the unit's chain rule, and only the certificate with this MAC is ever served it.
        given().urlEncodingEnabled(false).auth().oauth2(bearer("keyturn-service")).get("/internal/v1/bootstrap/" + mtls)
                .then().statusCode(200).contentType(containsString("xml"));
    }

    @Test
    void aDeviceReRenderRepublishesItsFilesAndTheChainViewHoldsNoSecret() {
        String mac = Fleet.newMac();
        registeredAndPublished(mac, false);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("operator")).post("/api/v1/devices/" + mac + "/chain:rerender")
                .then().statusCode(200).body("headGeneration", is(1));
        List<ProfilePublished> files = RotationFlowIT.published(mac, 4);
        assertThat(files).extracting(ProfilePublished::kind)
                .containsExactly(ProfileKind.CHAIN, ProfileKind.BOOTSTRAP, ProfileKind.CHAIN, ProfileKind.BOOTSTRAP);
        String body = given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).get("/api/v1/devices/" + mac + "/chain")
                .then().statusCode(200).extract().asString();
        String directory = files.get(0).path().split("/")[2];
        assertThat(body).doesNotContain(directory).contains("sha256:");
        given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).post("/api/v1/devices/" + mac + "/chain:rerender").then().statusCode(403);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("operator")).get("/api/v1/devices/NOT-A-MAC/chain")
                .then().statusCode(400).body("type", is("https://keyturn.io/problems/invalid-mac"));
    }

    @Test
    void aGroupReRenderCountsTheDevicesBelowTheGroup() {
        String mac = Fleet.newMac();
        registeredAndPublished(mac, false);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("operator")).contentType("application/json").body("{\"group\":\"region\"}")
                .post("/api/v1/groups:rerender").then().statusCode(200).body("devices", greaterThanOrEqualTo(1));
        given().urlEncodingEnabled(false).auth().oauth2(bearer("operator")).contentType("application/json").body("{\"group\":\"../x\"}")
                .post("/api/v1/groups:rerender").then().statusCode(400);
    }

    @Test
    void aKekRewrapJobCompletesWithEveryKeyUnderTheActiveKek() {
        String mac = Fleet.newMac();
        registeredAndPublished(mac, false);
        String id = given().urlEncodingEnabled(false).auth().oauth2(bearer("fleet-admin")).post("/api/v1/kek:rewrap")
                .then().statusCode(202).body("state", is("running")).extract().path("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String state;
        do {
            state = given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).get("/api/v1/kek:rewrap/" + id).then().statusCode(200)
                    .extract().path("state");
        } while (state.equals("running") && System.nanoTime() < deadline);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).get("/api/v1/kek:rewrap/" + id).then()
                .body("state", is("completed")).body("activeKekId", is("kek-test"));
        given().urlEncodingEnabled(false).auth().oauth2(bearer("operator")).post("/api/v1/kek:rewrap").then().statusCode(403);
        given().urlEncodingEnabled(false).auth().oauth2(bearer("auditor")).get("/api/v1/kek:rewrap/nope").then().statusCode(404);
    }
}
