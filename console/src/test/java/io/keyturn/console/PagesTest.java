package io.keyturn.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.keyturn.events.delivery.DeliveryProtocol;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeServices.class)
class PagesTest {

    @Inject
    EventFeed feed;

    @TestHTTPResource("/stream/campaigns/c-1")
    URL campaignStream;

    @BeforeEach
    void forgetCalls() {
        FakeServices.CALLS.clear();
    }

    private static String signIn(String role) {
        Response r = given().redirects().follow(false).formParam("name", "alice").formParam("role", role)
                .post("/sign-in");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Set-Cookie")).contains("HttpOnly", "SameSite=Strict");
        return r.cookie(Session.COOKIE);
    }

    @Test
    void sendsAnAnonymousVisitorToSignIn() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/sign-in"));
        given().redirects().follow(false).get("/campaigns").then().statusCode(303);
    }

    @Test
    void refusesABadSignInWithAMessageNextToTheFieldAndNoCookie() {
        Response r = given().formParam("name", "al\"ice").formParam("role", "root").post("/sign-in");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.header("Set-Cookie")).isNull();
        assertThat(r.body().asString()).contains("id=\"name-error\"", "aria-invalid=\"true\"", "id=\"role-error\"",
                "Choose one of: fleet-admin, operator, auditor.");
    }

    @Test
    void sendsAForgedCookieBackToSignIn() {
        given().redirects().follow(false).cookie(Session.COOKIE, "e30.e30.AAAA").get("/").then().statusCode(303)
                .header("Location", containsString("/sign-in"));
    }

    @Test
    void showsTheFleetByStateModelAndGroupWithStrandedZero() {
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.TFTP, Instant.now()));
        String html = given().cookie(Session.COOKIE, signIn("operator")).get("/").then().statusCode(200).extract().asString();
        assertThat(html).contains("<h1>Fleet</h1>", "id=\"stranded\"", "class=\"card ok\" id=\"stranded\"",
                "href=\"/devices/000e08aabbcc\"", "SPA942", "region/south", "registered", "Unconfirmed &gt; 24 h",
                "<th scope=\"col\" class=\"n\">tftp</th>", "alice <span class=\"badge\">operator</span>");
        assertThat(FakeServices.CALLS).anyMatch(c -> c.contains("unconfirmedFor=PT24H"));
    }

    @Test
    void findsADeviceByMacOrSerialAndExplainsAnEmptySearch() {
        String cookie = signIn("auditor");
        given().cookie(Session.COOKIE, cookie).redirects().follow(false).queryParam("q", "00:0E:08:AA:BB:CC").get("/")
                .then().statusCode(303).header("Location", containsString("/devices/000e08aabbcc"));
        given().cookie(Session.COOKIE, cookie).redirects().follow(false).queryParam("q", "DEMO00000002").get("/")
                .then().statusCode(303).header("Location", containsString("/devices/000e08000002"));
        given().cookie(Session.COOKIE, cookie).queryParam("q", "  ").get("/").then().statusCode(400)
                .body(containsString("id=\"q-error\""));
    }

    @Test
    void showsADevicesChainWithFingerprintsItsFetchesAndMasksSecrets() {
        feed.accept(Events.fetched("000e08aabbcc", DeliveryProtocol.HTTP, Instant.now()));
        String html = given().cookie(Session.COOKIE, signIn("operator")).get("/devices/000e08aabbcc").then().statusCode(200)
                .extract().asString();
        assertThat(html).contains("generation 1", "generation 3", "sha256:2222bbbb", "Password_1_", "••••••••",
                "sip.example.net", "Cisco/SPA962", "192.0.2.7", "id=\"rotate\"", "Decommission");
    }

    @Test
    void hidesEveryWriteActionFromAnAuditor() {
        String cookie = signIn("auditor");
        given().cookie(Session.COOKIE, cookie).get("/devices/000e08aabbcc").then().statusCode(200)
                .body(containsString("read-only"), not(containsString("id=\"rotate\"")), not(containsString("Decommission")));
        given().cookie(Session.COOKIE, cookie).get("/campaigns").then().statusCode(200)
                .body(not(containsString("id=\"campaign-form\"")));
        given().cookie(Session.COOKIE, cookie).get("/campaigns/c-1").then().statusCode(200)
                .body(not(containsString("id=\"pause\"")));
    }

    @Test
    void letsTheServiceRefuseAnAuditorWhoPostsAnyway() {
        given().cookie(Session.COOKIE, signIn("auditor")).formParam("action", "rotate").post("/devices/000e08aabbcc/actions")
                .then().statusCode(403).body(containsString("role auditor may not do this"));
    }

    @Test
    void sendsNothingForABadCampaignFormAndMarksEachBadField() {
        String html = given().cookie(Session.COOKIE, signIn("operator")).formParam("group", "").formParam("ratePerMinute", "-3")
                .formParam("canaryPercent", "1").formParam("stopAfter", "often").post("/campaigns/preflight")
                .then().statusCode(400).extract().asString();
        assertThat(html).contains("id=\"group-error\"", "id=\"ratePerMinute-error\"", "id=\"stopAfter-error\"")
                .doesNotContain("id=\"canaryPercent-error\"", "id=\"start\"");
        assertThat(FakeServices.CALLS).noneMatch(c -> c.startsWith("POST"));
    }

    @Test
    void showsThePreflightBeforeTheCampaignCanStart() {
        String html = given().cookie(Session.COOKIE, signIn("operator")).formParam("group", "region")
                .formParam("ratePerMinute", "500").formParam("canaryPercent", "1").formParam("stopAfter", "10/1000")
                .post("/campaigns/preflight").then().statusCode(200).extract().asString();
        assertThat(html).contains("<strong>1000</strong> devices would rotate", "<strong>200</strong> held back",
                "<strong>2 min</strong>", "id=\"start\"");
        assertThat(FakeServices.CALLS).contains("POST /api/v1/campaigns/preflight").doesNotContain("POST /api/v1/campaigns");
    }

    @Test
    void showsACampaignsProgressWithItsControls() {
        given().cookie(Session.COOKIE, signIn("operator")).get("/campaigns/c-1").then().statusCode(200)
                .body(containsString("id=\"campaign-state\">running"), containsString("data-confirmed=\"1\""),
                        containsString("id=\"pause\""), containsString("sse-connect=\"/stream/campaigns/c-1\""));
    }

    @Test
    void listsSecurityEventsAndRateLimitedSources() {
        feed.accept(Events.retiredHit("000e08aabbcc", Instant.now()));
        feed.accept(Events.denied("000e08aabbcc", io.keyturn.events.delivery.DenialReason.RATE_LIMITED, "198.51.100.4", Instant.now()));
        given().cookie(Session.COOKIE, signIn("auditor")).get("/security").then().statusCode(200)
                .body(containsString("delivery.retired-path-hit"), containsString("198.51.100.4"),
                        containsString("sse-connect=\"/stream/security\""));
    }

    @Test
    void filtersTheEventTailAndRejectsABadFilter() {
        feed.accept(Events.confirmed("000e08aabbcc", 7, null, Instant.now()));
        String cookie = signIn("auditor");
        given().cookie(Session.COOKIE, cookie).queryParam("device", "000e08aabbcc").queryParam("type", "rotation")
                .get("/events").then().statusCode(200).body(containsString("generation 7 confirmed"));
        given().cookie(Session.COOKIE, cookie).queryParam("device", "not-a-mac").get("/events").then().statusCode(400)
                .body(containsString("id=\"device-error\""), not(containsString("sse-connect=")));
    }

    @Test
    void reloadsACampaignsProgressEvenWhenNoEventComes() throws Exception {
        // The tick that completes a campaign publishes nothing: the page must still come to see it.
        String cookie = signIn("operator");
        HttpRequest request = HttpRequest.newBuilder(URI.create(campaignStream.toString()))
                .header("Cookie", Session.COOKIE + "=" + cookie).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Instant opened = Instant.now();
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> signal = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:") && line.contains("progress")) {
                        return line;
                    }
                }
                return "end of stream";
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        // No try-with-resources: closing the reader while the reading thread is still blocked in it (no signal came)
        // would wait for that thread, and the test would hang instead of failing. Quarkus' stop ends the stream.
        long waitMillis = Streams.CAMPAIGN_REFRESH.plusSeconds(5).toMillis();
        assertThat(signal.get(waitMillis, TimeUnit.MILLISECONDS)).contains("progress");
        // The heartbeat, not a signal of some event: nothing for c-1 is fed here.
        assertThat(Duration.between(opened, Instant.now())).isGreaterThan(Streams.CAMPAIGN_REFRESH.minusSeconds(1));
        lines.close();
    }
}
