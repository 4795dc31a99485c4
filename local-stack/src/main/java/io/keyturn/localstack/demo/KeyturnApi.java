package io.keyturn.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator REST calls the demo (and the chaos run) make, as an operator's script would: bearer token, JSON,
 * problem details.
 */
public final class KeyturnApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI registry;
    private final URI scheduler;
    private final URI crypto;
    private final String bearer;

    public KeyturnApi(URI registry, URI scheduler, URI crypto, String token) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.crypto = crypto;
        this.bearer = "Bearer " + token;
    }

    /** Arms a device's bootstrap again, as an operator does before a unit that was factory-reset can re-provision. */
    JsonNode rearmBootstrap(String mac) throws IOException {
        HttpRequest request = request(crypto.resolve("/api/v1/devices/" + encode(mac) + "/bootstrap:rearm"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return expect(send(request), 200);
    }

    /** A device's chain as crypto-service sees it: generations, states and key fingerprints. */
    JsonNode chain(String mac) throws IOException {
        return expect(send(request(crypto.resolve("/api/v1/devices/" + encode(mac) + "/chain")).GET().build()), 200);
    }

    /** Starts a bulk import of NDJSON lines; returns the import job's id. */
    public String importDevices(Supplier<InputStream> ndjson) throws IOException {
        HttpRequest request = request(registry.resolve("/api/v1/devices:import"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(ndjson))
                .build();
        return text(expect(send(request), 202), "id");
    }

    public JsonNode importJob(String id) throws IOException {
        return expect(send(request(registry.resolve("/api/v1/imports/" + id)).GET().build()), 200);
    }

    /** Every device of a group (and its subgroups), page by page. */
    public List<JsonNode> devices(String group) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?group=" + encode(group) + "&limit=500" + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = expect(send(request(registry.resolve("/api/v1/devices" + query)).GET().build()), 200);
            page.path("items").forEach(all::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (cursor != null);
        return all;
    }

    /** Starts a campaign; {@code confirmWithin} (ISO-8601) null for the policy's. */
    public String startCampaign(String group, int ratePerMinute, int canaryPercent, String stopAfter, String confirmWithin)
            throws IOException {
        var node = JSON.createObjectNode().put("group", group)
                .put("ratePerMinute", ratePerMinute).put("canaryPercent", canaryPercent).put("stopAfter", stopAfter);
        if (confirmWithin != null) {
            node.put("confirmWithin", confirmWithin);
        }
        String body = JSON.writeValueAsString(node);
        HttpRequest request = request(scheduler.resolve("/api/v1/campaigns"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return text(expect(send(request), 201), "id");
    }

    public JsonNode campaign(String id) throws IOException {
        return expect(send(request(scheduler.resolve("/api/v1/campaigns/" + encode(id))).GET().build()), 200);
    }

    /** Every device of a campaign with its stage and generation, page by page. */
    public List<JsonNode> campaignDevices(String id) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?limit=500" + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = expect(send(request(scheduler.resolve("/api/v1/campaigns/" + encode(id) + "/devices" + query))
                    .GET().build()), 200);
            page.path("items").forEach(all::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (cursor != null);
        return all;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", bearer)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri());
        }
    }

    /** The body as JSON when the status is the expected one, else the problem's title and detail. */
    private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : parse(response);
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + ": " + body.path("title").asText("") + " "
                    + body.path("detail").asText(""));
        }
        return body;
    }

    private static JsonNode parse(HttpResponse<String> response) throws IOException {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(response.request().uri().getPath() + " answered " + response.statusCode()
                    + " with a body that is not JSON");
        }
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.path(field);
        if (!value.isTextual() && !value.isNumber()) {
            throw new IOException("the answer has no " + field);
        }
        return value.asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
