package io.keyturn.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.ResyncResult;
import io.keyturn.simulator.SpaDevice;
import io.keyturn.simulator.time.VirtualScheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real HTTP transport against a small server on the loopback interface. */
class HttpProfileTransportTest {

    private static final DeviceIdentity UNIT = DeviceIdentity.of("000e08aabbcc", "SPA962", "88012BA01234");

    private final HttpProfileTransport transport = new HttpProfileTransport();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final String key = ProfileKeys.newKey().reveal();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " ua="
                + exchange.getRequestHeaders().getFirst("User-Agent")
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + body);
        switch (path) {
            case "/spa962.cfg" -> send(exchange, 200, FlatProfileXml.writeBytes(FlatProfile.builder()
                    .set("Profile_Rule", "[--key $A] " + base + "/profile/$B/spa962.cfg")
                    .set("GPP_A", key).set("GPP_B", "d1").build()));
            case "/profile/d1/spa962.cfg" -> send(exchange, 200, new ProfileCipher().seal(FlatProfileXml.writeBytes(
                    FlatProfile.builder().set("Station_Name", "over-http").build()), key, true));
            case "/gone.cfg" -> send(exchange, 410, new byte[0]);
            case "/boom.cfg" -> send(exchange, 500, "oops".getBytes(StandardCharsets.US_ASCII));
            case "/moved.cfg" -> {
                exchange.getResponseHeaders().add("Location", "/spa962.cfg");
                send(exchange, 302, new byte[0]);
            }
            default -> send(exchange, 404, new byte[0]);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private FetchResult fetch(String rule) {
        DeviceContext device = DeviceContext.builder().mac(UNIT.mac()).model(UNIT.model()).serial(UNIT.serial())
                .parameter("GPP_C", "Product = \"$PN\"; MAC_Addr = \"$MA\";").build();
        Resolution r = Rule.parse(rule).evaluate(device).orElseThrow();
        FetchTarget target = r.target().orElseThrow();
        return transport.fetch(target, r.options(), UNIT);
    }

    @Test
    void getsTheFileWithTheFirmwareUserAgent() {
        FetchResult result = fetch(base + "/spa962.cfg");

        assertThat(result.status()).isEqualTo(FetchResult.Status.FOUND);
        assertThat(FlatProfileXml.parse(result.body().orElseThrow()).value("GPP_B")).contains("d1");
        assertThat(requests).containsExactly(
                "GET /spa962.cfg ua=Linksys/SPA-962-6.1.5(a) (88012BA01234) auth=null body=");
    }

    @Test
    void postsTheExpandedBodyAndSendsCredentials() {
        fetch("[--post c --uid unit --pwd s3cret] " + base + "/report?$MA");

        assertThat(requests).containsExactly("POST /report?000e08aabbcc ua=Linksys/SPA-962-6.1.5(a) (88012BA01234)"
                + " auth=Basic dW5pdDpzM2NyZXQ= body=Product = \"SPA962\"; MAC_Addr = \"000e08aabbcc\";");
    }

    @Test
    void tellsNotFoundFromServerErrorsAndDoesNotFollowRedirects() {
        assertThat(fetch(base + "/missing.cfg").status()).isEqualTo(FetchResult.Status.NOT_FOUND);
        assertThat(fetch(base + "/gone.cfg").status()).isEqualTo(FetchResult.Status.NOT_FOUND);
        assertThat(fetch(base + "/boom.cfg")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(FetchResult.Status.FAILED);
            assertThat(r.detail()).isEqualTo("http 500");
        });
        assertThat(fetch(base + "/moved.cfg").detail()).isEqualTo("http 302");
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThat(fetch("http://127.0.0.1:" + port + "/spa962.cfg").status()).isEqualTo(FetchResult.Status.UNREACHABLE);
    }

    @Test
    void tftpIsNotItsScheme() {
        assertThat(fetch("tftp://127.0.0.1/spa962.cfg").status()).isEqualTo(FetchResult.Status.FAILED);
    }

    @Test
    void aUnitWalksOntoAnEncryptedGzippedProfileOverHttp() {
        VirtualScheduler scheduler = new VirtualScheduler();
        SpaDevice device = SpaDevice.builder(UNIT).transport(transport).scheduler(scheduler)
                .customDefaults(FlatProfile.builder().set("Profile_Rule", base + "/spa962.cfg").build())
                .build();
        device.powerOn();

        ResyncResult first = device.resyncNow();
        ResyncResult second = device.resyncNow();

        assertThat(first.succeeded()).isTrue();
        assertThat(second.fetched()).containsExactly(base + "/profile/d1/spa962.cfg");
        assertThat(device.parameter("Station_Name")).contains("over-http");
    }
}
