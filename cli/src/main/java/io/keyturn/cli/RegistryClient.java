package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Options and calls shared by the {@code devices} commands: the registry's URL and the bearer token, and one request
 * turned into JSON or into a one-line error (a problem's title and detail, exit 2).
 */
final class RegistryClient {

    @Option(names = "--url", description = "registry-service base URL (default: $KEYTURN_REGISTRY_URL or "
            + "http://localhost:8081)")
    String url;

    @Option(names = "--token", description = "bearer token (default: $KEYTURN_TOKEN; ./keyturn dev token makes one)")
    String token;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    URI uri(String path, Map<String, String> query) {
        String base = url != null ? url : System.getenv().getOrDefault("KEYTURN_REGISTRY_URL", "http://localhost:8081");
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> {
            if (v != null) {
                q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return URI.create(base.replaceAll("/+$", "") + path + q);
    }

    JsonNode send(String method, URI uri, String contentType, Supplier<InputStream> body) throws IOException {
        String bearer = token != null ? token : System.getenv("KEYTURN_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token or set KEYTURN_TOKEN (./keyturn dev token)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer.strip())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofInputStream(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the registry at " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (is the stack up? ./keyturn up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode answer = response.body().length == 0 ? json.nullNode() : readOrNull(response.body());
        if (response.statusCode() >= 400) {
            String title = answer != null && answer.hasNonNull("title") ? answer.get("title").asText()
                    : "HTTP " + response.statusCode();
            String detail = answer != null && answer.hasNonNull("detail") ? ": " + answer.get("detail").asText() : "";
            throw new IllegalArgumentException(title + detail + " (HTTP " + response.statusCode() + ")");
        }
        return answer;
    }

    String pretty(JsonNode node) throws IOException {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private JsonNode readOrNull(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
