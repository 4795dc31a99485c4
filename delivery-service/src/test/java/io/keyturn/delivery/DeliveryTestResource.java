package io.keyturn.delivery;

import com.sun.net.httpserver.HttpServer;
import io.keyturn.testsupport.DeviceCa;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What delivery needs beyond PostgreSQL and Kafka: a device CA with a server certificate for the HTTPS listener,
 * and crypto-service's internal bootstrap endpoint, played by a small HTTP server that checks the bearer token.
 * Tests find the CA in {@code keyturn.test.device-ca-dir}.
 *
 * <p>The stand-in for crypto-service answers {@code GET /internal/v1/bootstrap/{mac}}: 200 with
 * {@link #bootstrapBody(String)} and {@code Keyturn-Generation: 3} for a MAC starting {@code 000e08a}, 409
 * {@code bootstrap-disarmed} for {@link #DISARMED_MAC}, 404 otherwise, and 401 without the right token.
 */
public class DeliveryTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DISARMED_MAC = "000e08d15a4d";

    private HttpServer crypto;

    public static String bootstrapBody(String mac) {
        return "<flat-profile><GPP_A>test-bootstrap-for-" + mac + "</GPP_A></flat-profile>";
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("delivery-it-");
            DeviceCa ca = DeviceCa.generate("keyturn test device CA");
            ca.save(dir.resolve("device-ca"));
            DeviceCa.Issued server = ca.issueServer(Duration.ofDays(2), "127.0.0.1", "localhost");
            Files.writeString(dir.resolve("server.pem"), server.certificatePem());
            Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
            String token = TestIssuer.get().token("delivery-service", "keyturn-service");
            Files.writeString(dir.resolve("crypto.token"), token + "\n");
            crypto = startCrypto(token);
            Map<String, String> config = new HashMap<>();
            config.put("keyturn.test.device-ca-dir", dir.resolve("device-ca").toString());
            config.put("keyturn.delivery.https.cert-file", dir.resolve("server.pem").toString());
            config.put("keyturn.delivery.https.key-file", dir.resolve("server.key").toString());
            config.put("keyturn.delivery.https.device-ca-file", dir.resolve("device-ca/ca.pem").toString());
            config.put("keyturn.delivery.crypto.url", "http://127.0.0.1:" + crypto.getAddress().getPort());
            config.put("keyturn.delivery.crypto.token-file", dir.resolve("crypto.token").toString());
            // Room for the misses the tests make on purpose from 127.0.0.1; the rate-limit test uses its own source.
            config.put("keyturn.delivery.miss-limit.burst", "200");
            // Off by default; a port nothing else holds, so the test sees it closed rather than someone else's.
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                config.put("keyturn.delivery.https.legacy.port", Integer.toString(free.getLocalPort()));
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer startCrypto(String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/bootstrap/", exchange -> {
            String mac = exchange.getRequestURI().getPath().substring("/internal/v1/bootstrap/".length());
            int status;
            byte[] body;
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = new byte[0];
            } else if (mac.startsWith("000e08a")) {
                status = 200;
                body = bootstrapBody(mac).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.getResponseHeaders().add("Cache-Control", "no-store");
                exchange.getResponseHeaders().add("Keyturn-Generation", "3");
            } else if (mac.equals(DISARMED_MAC)) {
                status = 409;
                body = "{\"type\":\"https://keyturn.io/problems/bootstrap-disarmed\",\"code\":\"bootstrap-disarmed\",\"status\":409}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            } else {
                status = 404;
                body = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    @Override
    public void stop() {
        if (crypto != null) {
            crypto.stop(0);
        }
    }
}
