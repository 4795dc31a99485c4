package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The rotation-scheduler's REST API as the CLI calls it. A problem answer (4xx) becomes a
 * {@link ProblemAnswer}, which the root command prints as one line with exit 2; an unreachable
 * service or a 5xx is an {@link IOException} (exit 1).
 */
final class SchedulerApi {

    /** A 4xx problem from the service: bad input, reported in one line. */
    static final class ProblemAnswer extends IllegalArgumentException {
        ProblemAnswer(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    SchedulerApi(String baseUrl, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "no token: pass --token or set KEYTURN_TOKEN (./keyturn dev token prints one)");
        }
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a URL");
        }
        this.token = token.startsWith("Bearer ") ? token.substring(7) : token.trim();
    }

    JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET());
    }

    JsonNode post(String path, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(base.getPath() + path)).POST(publisher);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpRequest r = request.header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the scheduler at " + base + " (is the stack up? --url names another)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        int status = response.statusCode();
        JsonNode body = response.body().length == 0 ? JSON.nullNode() : parse(response.body());
        if (status >= 200 && status < 300) {
            return body;
        }
        String detail = body.path("detail").asText(body.path("title").asText(""));
        String type = body.path("type").asText("");
        String code = type.substring(type.lastIndexOf('/') + 1);
        String message = (detail.isEmpty() ? "HTTP " + status : detail)
                + (code.isEmpty() ? " (HTTP " + status + ")" : " [" + code + "]");
        if (status == 401) {
            throw new ProblemAnswer("the scheduler refused the token: " + message);
        }
        if (status >= 400 && status < 500) {
            throw new ProblemAnswer(message);
        }
        throw new IOException("the scheduler failed: " + message);
    }

    private static JsonNode parse(byte[] body) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("the scheduler answered something that is not JSON");
        }
    }
}
