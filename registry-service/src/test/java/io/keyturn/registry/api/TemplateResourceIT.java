package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.registry.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class TemplateResourceIT {

    @Test
    void storesSpcAndXmlTemplatesAsNewVersionsAndDevicesReferToThem() {
        String group = "tpl" + Fixtures.newMac();
        int before = given().header("Authorization", Fixtures.admin()).get("/api/v1/templates/model/SPA941")
                .then().extract().statusCode() == 200 ? given().header("Authorization", Fixtures.admin())
                .get("/api/v1/templates/model/SPA941").then().extract().path("version") : 0;

        given().header("Authorization", Fixtures.admin()).contentType("text/plain")
                .body("Proxy_1_ \"sip.example\";\nResync_Periodic \"3600\";\n")
                .put("/api/v1/templates/model/spa941").then().statusCode(200)
                .body("id", is("model/SPA941")).body("version", is(before + 1)).body("format", is("spc"))
                .body("xml", containsString(">sip.example</Proxy_1_>"));
        given().header("Authorization", Fixtures.admin()).contentType("application/xml")
                .body("<flat-profile><Resync_Periodic>600</Resync_Periodic></flat-profile>")
                .put("/api/v1/templates/group/" + group + "/north").then().statusCode(200)
                .body("id", is("group/" + group + "/north")).body("version", is(1));
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/templates/group/" + group + "/north")
                .then().statusCode(200).body("source", containsString("600"));

        String mac = Fixtures.newMac();
        given().header("Authorization", Fixtures.operator()).contentType("application/json")
                .body(Map.of("mac", mac, "model", "SPA941", "group", group + "/north/city"))
                .post("/api/v1/devices").then().statusCode(201);
        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.of(mac), 1, Duration.ofSeconds(30));
        assertThat(((DeviceRegistered) events.get(0).data()).templates()).containsExactly(
                new TemplateRef("model/SPA941", before + 1), new TemplateRef("group/" + group + "/north", 1));
    }

    @Test
    void refusesATemplateThatDoesNotParseWithLineAndColumn() {
        String group = "tpl" + Fixtures.newMac();
        given().header("Authorization", Fixtures.admin()).contentType("text/plain")
                .body("Proxy_1_ \"sip.example\";\nResync_Periodic \"3600\"\n")
                .put("/api/v1/templates/group/" + group).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("https://keyturn.io/problems/invalid-template"))
                .body("detail", containsString("line 2, column"));
        given().header("Authorization", Fixtures.admin()).contentType("application/xml")
                .body("<flat-profile>\n<Proxy_1_>x</Proxy_2_>\n</flat-profile>")
                .put("/api/v1/templates/group/" + group).then().statusCode(400)
                .body("detail", containsString("line 2"));
        given().header("Authorization", Fixtures.admin()).get("/api/v1/templates/group/" + group).then()
                .statusCode(404);
    }

    @Test
    void letsOnlyAFleetAdminWriteTemplates() {
        given().header("Authorization", Fixtures.operator()).contentType("text/plain").body("Proxy_1_ \"x\";\n")
                .put("/api/v1/templates/model/SPA962").then().statusCode(403);
        given().header("Authorization", Fixtures.admin()).contentType("text/plain").body("Proxy_1_ \"x\";\n")
                .put("/api/v1/templates/model/SPA999").then().statusCode(400)
                .body("type", is("https://keyturn.io/problems/unknown-model"));
    }
}
