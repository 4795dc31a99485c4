package io.keyturn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A chain path holds its device's secret directory: the HTTP server metrics never name device paths (and so never
 * grow a timer per path); device requests are counted by delivery's own counter.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class DevicePathMetricsIT {

    @TestHTTPResource("/")
    URI http;

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

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(http.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
