package io.keyturn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.delivery.serve.DeviceHttpListener;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A chain path holds its device's secret directory: the HTTP server metrics never name device paths (and so never
 * grow a timer per path); device requests are counted by delivery's own counters, and the device port, which
 * Quarkus' HTTP metrics never see, by its own.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class DevicePathMetricsIT {

    @TestHTTPResource("/")
    URI http;

    @Inject
    DeviceHttpListener listener;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsNeverNameADevicePath() throws Exception {
        String directory = ProfileEvents.directory();
        String path = "/profile/" + directory + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, ProfileEvents.mac('c'), 1L, 1L,
                ProfileEvents.ciphertext(4)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(path).statusCode() == 200);
        get("/profile/" + ProfileEvents.directory() + "/spa962.cfg");

        HttpResponse<String> metrics = get("/q/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("keyturn_delivery_requests_total")
                .doesNotContain(directory)
                .doesNotContain("uri=\"/profile");
    }

    @Test
    void theDevicePortCountsItsConnectionsAndItsResponsesByStatus() throws Exception {
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, ProfileEvents.mac('d'), 1L, 1L,
                ProfileEvents.ciphertext(4)));
        URI device = URI.create("http://127.0.0.1:" + listener.port());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> send(device, path, "GET", null).statusCode() == 200);
        String before = get("/q/metrics").body();

        HttpResponse<String> served = send(device, path, "GET", null);
        send(device, path, "HEAD", null);
        send(device, path, "GET", served.headers().firstValue("ETag").orElseThrow());
        send(device, "/profile/" + ProfileEvents.directory() + "/spa962.cfg", "GET", null);
        send(device, "/profile/../etc/passwd", "GET", null);
        send(device, path, "DELETE", null);
        // A client of its own: a new connection, whatever the shared client keeps open.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(device.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String after = get("/q/metrics").body();

        assertThat(delta(before, after, "keyturn_delivery_http_responses_total{status=\"200\"}")).isEqualTo(3);
        assertThat(delta(before, after, "keyturn_delivery_http_responses_total{status=\"304\"}")).isEqualTo(1);
        assertThat(delta(before, after, "keyturn_delivery_http_responses_total{status=\"404\"}")).isEqualTo(2);
        assertThat(delta(before, after, "keyturn_delivery_http_responses_total{status=\"405\"}")).isEqualTo(1);
        assertThat(delta(before, after, "keyturn_delivery_http_connections_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "keyturn_delivery_http_connections_open")).isGreaterThanOrEqualTo(1);
    }

    private HttpResponse<String> send(URI server, String path, String method, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** A series' value in a Prometheus text page; 0 when it is absent. */
    private static double value(String page, String series) {
        for (String line : page.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(http.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
