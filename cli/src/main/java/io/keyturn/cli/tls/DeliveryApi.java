package io.keyturn.cli.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * delivery-service's operator API ({@code /api/v1/tls/...}) with a bearer token, as the fleet commands call theirs:
 * a JSON answer, or a problem turned into one line (exit 2); an unreachable service is an I/O error (exit 1).
 */
final class DeliveryApi {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:KEYTURN_DELIVERY_URL:-http://localhost:8084}",
            description = "delivery-service's HTTP port (default ${DEFAULT-VALUE}, or KEYTURN_DELIVERY_URL).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:KEYTURN_TOKEN}",
            description = "Bearer token, role fleet-admin, operator or auditor (default KEYTURN_TOKEN;"
                    + " ./keyturn dev token prints one).")
    String token;

    private final ObjectMapper json = new ObjectMapper();

    JsonNode get(String path) throws IOException {
        if (token == null || token.isBlank()) {
            throw new TlsException("no token: pass --token or set KEYTURN_TOKEN (./keyturn dev token)");
        }
        URI uri = URI.create(url.replaceAll("/+$", "") + path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.strip()).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IOException("cannot reach delivery-service at " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (is the stack up? ./keyturn up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode answer = readOrNull(response.body());
        if (response.statusCode() >= 400) {
            String title = answer != null && answer.hasNonNull("title") ? answer.get("title").asText()
                    : "HTTP " + response.statusCode();
            String detail = answer != null && answer.hasNonNull("detail") ? ": " + answer.get("detail").asText() : "";
            throw new TlsException(title + detail + " (HTTP " + response.statusCode() + ")");
        }
        if (answer == null) {
            throw new IOException("delivery-service answered " + path + " with something that is not JSON");
        }
        return answer;
    }

    String pretty(JsonNode node) throws IOException {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private JsonNode readOrNull(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
