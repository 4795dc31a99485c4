package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.registry.RegistryTestResource;
import io.keyturn.sealing.SecretOpener;
import io.keyturn.devidentity.DevIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class DeviceResourceIT {

    private static final String STAGING_KEY = "Stage-Key-Kp9dQ2xW7";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "keyturn.registry.staging-seal.public-key-file")
    String publicKeyFile;

    private static Map<String, Object> device(String mac) {
        return Map.of("mac", mac.toUpperCase().replaceAll("(..)(?!$)", "$1:"), "model", "spa962",
                "serial", "88012BA01234", "group", "region/north", "tenant", "isp-1",
                "params", Map.of("Display_Name_1_", "Front desk", "Password_1_", "sip-secret-77"));
    }

    private static Response register(Map<String, Object> body) {
        return given().header("Authorization", Fixtures.operator()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/devices");
    }

    @Test
    void registersReadsAndEmitsTheDeviceWithSecretsSealed() throws Exception {
        String mac = Fixtures.newMac();
        Map<String, Object> body = new java.util.HashMap<>(device(mac));
        body.put("stagingKey", STAGING_KEY);

        register(body).then().statusCode(201)
                .header("Location", containsString("/api/v1/devices/" + mac))
                .header("ETag", "\"1\"")
                .body("mac", is(mac)).body("psn", is("962")).body("bootstrapMode", is("staging-key"))
                .body("hasStagingKey", is(true)).body("state", is("registered"))
                .body("secretParams", hasItem("Password_1_"))
                .body(not(containsString(STAGING_KEY))).body(not(containsString("sip-secret-77")));

        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(200)
                .header("ETag", "\"1\"").body("params.Display_Name_1_", is("Front desk"))
                .body("params.Password_1_", nullValue()).body("rotationState", is("idle"))
                .body(not(containsString(STAGING_KEY)));

        String stored = row("SELECT sealed_staging_key::text || sealed_params::text FROM device WHERE mac = ?", mac);
        assertThat(stored).doesNotContain(STAGING_KEY).doesNotContain("sip-secret-77");
        assertThat(row("SELECT actor || ' ' || action FROM audit WHERE target = ?", "device/" + mac))
                .isEqualTo("oscar device.register");

        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.of(mac), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        DeviceRegistered registered = (DeviceRegistered) events.get(0).data();
        SecretOpener opener = new SecretOpener(List.of(RegistryTestResource.privateKey(publicKeyFile)));
        assertThat(new String(opener.open(registered.sealedStagingKey(), "keyturn/staging-key/v1/" + mac),
                StandardCharsets.US_ASCII)).isEqualTo(STAGING_KEY);
        assertThat(new String(opener.open(registered.sealedParams().get("Password_1_"),
                "keyturn/param/v1/" + mac + "/Password_1_"), StandardCharsets.US_ASCII)).isEqualTo("sip-secret-77");
        assertThat(registered.params()).containsOnlyKeys("Display_Name_1_");
        assertThat(registered.psn()).isEqualTo("962");
    }

    @Test
    void updatesWithIfMatchAndRefusesAStaleETag() {
        String mac = Fixtures.newMac();
        register(device(mac)).then().statusCode(201);

        given().header("Authorization", Fixtures.operator()).header("If-Match", "\"1\"")
                .contentType("application/merge-patch+json")
                .body(Map.of("group", "region/south", "params", Map.of("Proxy_1_", "sip.south.example")))
                .patch("/api/v1/devices/" + mac)
                .then().statusCode(200).header("ETag", "\"2\"").body("group", is("region/south"))
                .body("params.Proxy_1_", is("sip.south.example")).body("version", is(2));

        given().header("Authorization", Fixtures.operator()).header("If-Match", "\"1\"")
                .contentType("application/merge-patch+json").body(Map.of("tenant", "isp-2"))
                .patch("/api/v1/devices/" + mac)
                .then().statusCode(412).contentType("application/problem+json")
                .body("type", is("https://keyturn.io/problems/stale-version"));

        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                .body("tenant", is("isp-1")).body("version", is(2));
        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.of(mac), 2, Duration.ofSeconds(30));
        assertThat(events).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("DeviceRegistered", "DeviceUpdated");
        assertThat(((DeviceUpdated) events.get(1).data()).changedFields()).containsExactly("group", "params");
    }

    @Test
    void decommissionsOnceAndRefusesChangesAfterwards() {
        String mac = Fixtures.newMac();
        register(device(mac)).then().statusCode(201);

        given().header("Authorization", Fixtures.operator()).queryParam("reason", "returned by customer")
                .delete("/api/v1/devices/" + mac).then().statusCode(200).body("state", is("decommissioned"))
                .body("secretParams.size()", is(0));
        given().header("Authorization", Fixtures.operator()).delete("/api/v1/devices/" + mac).then().statusCode(200)
                .body("version", is(2));
        given().header("Authorization", Fixtures.operator()).contentType(ContentType.JSON)
                .body(Map.of("state", "active")).patch("/api/v1/devices/" + mac)
                .then().statusCode(409).body("type", is("https://keyturn.io/problems/device-decommissioned"));

        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.of(mac), 3, Duration.ofSeconds(10));
        assertThat(events).hasSize(2);
        DeviceDecommissioned gone = (DeviceDecommissioned) events.get(1).data();
        assertThat(gone.requestedBy()).isEqualTo("oscar");
        assertThat(gone.reason()).isEqualTo("returned by customer");
        assertThat(gone.version()).isEqualTo(2);
    }

    @Test
    void refusesADuplicateMacInAnySpelling() {
        String mac = Fixtures.newMac();
        register(device(mac)).then().statusCode(201);
        register(Map.of("mac", mac.toUpperCase(), "model", "SPA962")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("https://keyturn.io/problems/device-already-registered"))
                .body("detail", containsString(mac));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000e08aabbc", "00:0e:08:aa:bb:zz", "0e08aabbcc'; DROP TABLE device;--", "ｍａｃ"})
    void refusesAMalformedMac(String mac) {
        register(Map.of("mac", mac, "model", "SPA962")).then().statusCode(400)
                .contentType("application/problem+json").body("type", is("https://keyturn.io/problems/invalid-mac"));
    }

    @Test
    void refusesAnUnknownModelNamingTheKnownOnes() {
        String mac = Fixtures.newMac();
        register(Map.of("mac", mac, "model", "SPA999")).then().statusCode(400)
                .body("type", is("https://keyturn.io/problems/unknown-model"))
                .body("detail", containsString("SPA2102"));
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(404)
                .body("type", is("https://keyturn.io/problems/device-not-found"));
    }

    /**
     * Each field with SQL metacharacters, then with non-ASCII: a 400 and nothing stored, except a parameter value,
     * which may hold any printable ASCII (a SIP display name may well contain a quote) and is stored verbatim.
     */
    @ParameterizedTest
    @ValueSource(strings = {"serial", "group", "tenant", "bootstrapMode", "stagingKey", "model", "params.Proxy_1_",
            "params.name"})
    void refusesSqlMetacharactersAndNonAsciiInEveryField(String field) {
        for (String hostile : List.of("x'; DROP TABLE device; --", "Zürich-☎")) {
            String mac = Fixtures.newMac();
            Map<String, Object> body = new java.util.HashMap<>(Map.of("mac", mac, "model", "SPA962"));
            if (field.equals("params.name")) {
                body.put("params", Map.of(hostile, "x"));
            } else if (field.startsWith("params.")) {
                body.put("params", Map.of(field.substring(7), hostile));
            } else {
                body.put(field, hostile);
            }
            if (field.equals("params.Proxy_1_") && hostile.startsWith("x'")) {
                register(body).then().statusCode(201);
                given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                        .body("params.Proxy_1_", is(hostile));
                continue;
            }
            register(body).then().statusCode(400).contentType("application/problem+json")
                    .body("detail", not(containsString(field.equals("stagingKey") ? hostile : "\u0000")));
            given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(404);
        }
        assertThat(row("SELECT to_regclass('device')::text", null)).isEqualTo("device");
    }

    /** Announces 100 MB, sends 64 KB of it, and gets the 413 problem at once: the rest is never read. */
    @Test
    void refusesAHundredMegabyteBodyWithoutReadingIt() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/devices HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + Fixtures.operator()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + 100L * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            out.write(chunk);
            out.flush();
            // The server answers without waiting for the rest; read until the problem's last field has arrived.
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[1024];
            int n;
            while (!answer.toString().contains("payload-too-large")
                    && (n = socket.getInputStream().read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("https://keyturn.io/problems/payload-too-large");
        }
    }

    @Test
    void refusesAChunkedBodyThatOutgrowsTheLimit() {
        java.io.InputStream endless = new java.io.InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ == 0 ? '{' : sent < 3L * 1024 * 1024 ? ' ' : -1;
            }
        };
        given().header("Authorization", Fixtures.operator()).contentType(ContentType.JSON).body(endless)
                .post("/api/v1/devices").then().statusCode(413)
                .body("type", is("https://keyturn.io/problems/payload-too-large"));
    }

    @Test
    void refusesMissingForgedAndUnderprivilegedTokens() throws Exception {
        String mac = Fixtures.newMac();
        given().contentType(ContentType.JSON).body(device(mac)).post("/api/v1/devices").then().statusCode(401);
        String forged = DevIssuer.create(Files.createTempDirectory("forger"))
                .mint("mallory", List.of("fleet-admin"), Duration.ofMinutes(5));
        given().header("Authorization", "Bearer " + forged).contentType(ContentType.JSON).body(device(mac))
                .post("/api/v1/devices").then().statusCode(401);
        given().header("Authorization", Fixtures.auditor()).contentType(ContentType.JSON).body(device(mac))
                .post("/api/v1/devices").then().statusCode(403);
        given().header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then().statusCode(404);
    }

    @Test
    void refusesAMisspeltFieldRatherThanDropIt() {
        register(Map.of("mac", Fixtures.newMac(), "model", "SPA962", "stagingkey", STAGING_KEY)).then()
                .statusCode(400).contentType("application/problem+json")
                .body(not(containsString(STAGING_KEY)));
    }

    @Test
    void filtersByGroupPrefixModelStateAndTenant() {
        String tenant = "t" + Fixtures.newMac();
        String a = Fixtures.newMac();
        String b = Fixtures.newMac();
        String c = Fixtures.newMac();
        register(Map.of("mac", a, "model", "SPA962", "group", "east/city", "tenant", tenant)).then().statusCode(201);
        register(Map.of("mac", b, "model", "SPA2102", "group", "east", "tenant", tenant)).then().statusCode(201);
        register(Map.of("mac", c, "model", "SPA962", "group", "eastern", "tenant", tenant)).then().statusCode(201);

        given().header("Authorization", Fixtures.auditor()).queryParam("tenant", tenant).queryParam("group", "east")
                .get("/api/v1/devices").then().statusCode(200)
                .body("items.mac", equalTo(List.of(a, b).stream().sorted().toList()))
                .body("nextCursor", nullValue());
        given().header("Authorization", Fixtures.auditor()).queryParam("tenant", tenant)
                .queryParam("model", "spa962").queryParam("state", "registered").get("/api/v1/devices").then()
                .body("items.mac", equalTo(List.of(a, c).stream().sorted().toList()));
        given().header("Authorization", Fixtures.auditor()).queryParam("cursor", "not-ours")
                .get("/api/v1/devices").then().statusCode(400)
                .body("type", is("https://keyturn.io/problems/invalid-query"));
    }

    private String row(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
