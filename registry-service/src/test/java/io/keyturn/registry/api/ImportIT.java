package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.registry.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class ImportIT {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private static JsonPath importFile(String contentType, String body, int status) {
        return given().header("Authorization", Fixtures.operator()).contentType(contentType)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/devices:import").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void importsTheGoodLinesReportsTheBadOnesByLineAndCreatesNoDuplicatesWhenRerun() {
        String a = Fixtures.newMac();
        String b = Fixtures.newMac();
        String c = Fixtures.newMac();
        String csv = "mac,model,serial,group,tenant,stagingKey,params.Display_Name_1_,params.Password_1_\n"
                + a + ",SPA962,SN1,region/north,isp-1,Stage-Key-000001,Front desk,pw-1\n"
                + "zz:zz,SPA962,,,,,,\n"                                          // line 3: malformed MAC
                + b.toUpperCase() + ",SPA2102,,region/north,isp-1,,\"Desk, \"\"B\"\"\",\n"
                + Fixtures.newMac() + ",SPA999,,,,,,\n"                            // line 5: unknown model
                + Fixtures.newMac() + ",SPA962,too,many,fields,here,x,y,z\n"       // line 6: field count
                + Fixtures.newMac() + ",SPA962,Zürich,,,,,\n"                      // line 7: non-ASCII serial
                + c + ",PAP2T,,,,,,\r\n";

        JsonPath job = importFile("text/csv", csv, 202);

        assertThat(job.getString("state")).isEqualTo("completed");
        assertThat(job.getLong("lines")).isEqualTo(7);
        assertThat(job.getLong("imported")).isEqualTo(3);
        assertThat(job.getLong("rejected")).isEqualTo(4);
        assertThat(job.getList("errors.line", Integer.class)).containsExactly(3, 5, 6, 7);
        assertThat(job.getList("errors.reason", String.class))
                .containsExactly("invalid-mac", "unknown-model", "invalid-device-field", "invalid-device-field");
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + b).then().statusCode(200)
                .body("params.Display_Name_1_", is("Desk, \"B\"")).body("model", is("SPA2102"));
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + a).then()
                .body("hasStagingKey", is(true)).body("secretParams[0]", is("Password_1_"));

        JsonPath again = importFile("text/csv", csv, 202);
        assertThat(again.getLong("imported")).isZero();
        assertThat(again.getLong("alreadyRegistered")).isEqualTo(3);

        given().header("Authorization", Fixtures.auditor()).get("/api/v1/imports/" + job.getString("id")).then()
                .statusCode(200).body("imported", is(3)).body("errors[0].line", is(3));
        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.of(a, b, c), 4, Duration.ofSeconds(15));
        assertThat(events).hasSize(3).allMatch(e -> e.data() instanceof DeviceRegistered);
    }

    /** 2,500 lines: three batches, one written while the next is read; bad lines in each, a duplicate across two. */
    @Test
    void importsAFileOfSeveralBatchesInOrderWithTheBadLinesOfEachReported() {
        StringBuilder csv = new StringBuilder("mac,model,serial\n");
        List<String> good = new java.util.ArrayList<>();
        List<Integer> badLines = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            int line = i + 2;
            if (i % 400 == 7) {
                csv.append("not-a-mac,SPA962,SN").append(i).append('\n');
                badLines.add(line);
            } else if (i == 1_500) {
                // The first device again, two batches later: counted, not imported twice.
                csv.append(good.get(0)).append(",SPA962,again\n");
            } else {
                String mac = Fixtures.newMac();
                good.add(mac);
                csv.append(mac).append(",SPA962,SN").append(i).append('\n');
            }
        }

        JsonPath job = importFile("text/csv", csv.toString(), 202);

        assertThat(job.getString("state")).isEqualTo("completed");
        assertThat(job.getLong("lines")).isEqualTo(2_500);
        assertThat(job.getLong("imported")).isEqualTo(good.size());
        assertThat(job.getLong("alreadyRegistered")).isEqualTo(1);
        assertThat(job.getList("errors.line", Integer.class)).containsExactlyElementsOf(badLines);
        // One more than expected, so a duplicate would show up before the time runs out.
        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.copyOf(good), good.size() + 1, Duration.ofSeconds(30));
        assertThat(events).allMatch(e -> e.data() instanceof DeviceRegistered);
        assertThat(events.stream().map(CloudEvent::subject).toList()).as("one event per imported device")
                .containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void reportsABrokenNdjsonLineAndImportsTheRest() {
        String a = Fixtures.newMac();
        String b = Fixtures.newMac();
        String ndjson = "{\"mac\":\"" + a + "\",\"model\":\"SPA942\",\"params\":{\"Proxy_1_\":\"sip.example\"}}\n"
                + "{\"mac\":\"" + Fixtures.newMac() + "\",\"model\":\"SPA942\"\n"
                + "\n"
                + "{\"mac\":\"" + Fixtures.newMac() + "\",\"model\":\"SPA942\",\"stagingkey\":\"x\"}\n"
                + "{\"mac\":\"" + b + "\",\"model\":\"SPA122\"}";

        JsonPath job = importFile("application/x-ndjson", ndjson, 202);

        assertThat(job.getLong("imported")).isEqualTo(2);
        assertThat(job.getList("errors.line", Integer.class)).containsExactly(2, 4);
        assertThat(job.getString("errors[1].detail")).contains("stagingkey");
    }

    @Test
    void storesEveryFieldExactlyAsSentIncludingCopyEscapesAndSqlMetacharacters() {
        // The import writes new devices with COPY, whose text format escapes backslash, tab, newline and \N; a
        // value carrying them must come back as sent, as must SQL metacharacters (devices take printable ASCII only).
        String mac = Fixtures.newMac();
        String tricky = "O'Brien \\N \\t \\ \"Desk\" ; DROP TABLE device; -- {'a':1} $$ %";
        String ndjson = "{\"mac\":\"" + mac + "\",\"model\":\"SPA962\",\"serial\":\"SN1\","
                + "\"group\":\"region/north\",\"tenant\":\"isp-a\",\"params\":{\"Display_Name_1_\":\""
                + json(tricky) + "\",\"Proxy_1_\":\"" + json("\\N") + "\"}}\n";

        JsonPath job = importFile("application/x-ndjson", ndjson, 202);
        assertThat(job.getLong("imported")).as(job.prettify()).isEqualTo(1);

        JsonPath device = given().header("Authorization", Fixtures.operator()).get("/api/v1/devices/" + mac)
                .then().statusCode(200).extract().jsonPath();
        assertThat(device.getString("params.Display_Name_1_")).isEqualTo(tricky);
        assertThat(device.getString("params.Proxy_1_")).isEqualTo("\\N");
        assertThat(device.getString("serial")).isEqualTo("SN1");
        assertThat(device.getString("group")).isEqualTo("region/north");
        assertThat(device.getString("tenant")).isEqualTo("isp-a");
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void refusesAFileWithABadHeaderAndImportsNothing() {
        String mac = Fixtures.newMac();
        given().header("Authorization", Fixtures.operator()).contentType("text/csv")
                .body(("mac,model,colour\n" + mac + ",SPA962,red\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/devices:import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("https://keyturn.io/problems/invalid-import"))
                .body("detail", containsString("'colour'"));
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(404);
    }

    @Test
    void refusesAnImportFromAnAuditorAndAnUnknownJob() {
        given().header("Authorization", Fixtures.auditor()).contentType("text/csv").body("mac,model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/devices:import").then().statusCode(403);
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/imports/" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("type", is("https://keyturn.io/problems/import-not-found"));
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/imports/'%20OR%201=1")
                .then().statusCode(404);
    }

    @Test
    void auditsEachImportedDeviceWithWhoAndWhen() throws Exception {
        String mac = Fixtures.newMac();
        JsonPath job = importFile("text/csv", "mac,model\n" + mac + ",SPA962\n", 202);
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(200);
        assertThat(job.getString("createdBy")).isEqualTo("oscar");
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(
                "SELECT actor, detail->'registered' @> jsonb_build_array(?::text) FROM audit"
                        + " WHERE target = ? AND action = 'device.import'")) {
            ps.setString(1, mac);
            ps.setString(2, "import/" + job.getString("id"));
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("oscar");
                assertThat(rs.getBoolean(2)).isTrue();
            }
        }
    }
}
