package io.keyturn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' REST APIs, called with the signed-in operator's own bearer token: the services enforce the roles,
 * the console only hides what a role could not do anyway.
 */
@ApplicationScoped
public class Backends {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRANDED = Pattern.compile("(?m)^keyturn_devices_stranded(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)\\s*$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ConsoleConfig config;

    Backends(ConsoleConfig config) {
        this.config = config;
    }

    public JsonNode devices(String token, Map<String, String> query) {
        return get(token, config.registryUrl(), "/api/v1/devices" + queryString(query));
    }

    public JsonNode device(String token, String mac) {
        return get(token, config.registryUrl(), "/api/v1/devices/" + encode(mac));
    }

    public JsonNode chain(String token, String mac) {
        return get(token, config.cryptoUrl(), "/api/v1/devices/" + encode(mac) + "/chain");
    }

    public JsonNode campaigns(String token) {
        return get(token, config.schedulerUrl(), "/api/v1/campaigns?limit=20");
    }

    public JsonNode campaign(String token, String id) {
        return get(token, config.schedulerUrl(), "/api/v1/campaigns/" + encode(id));
    }

    public JsonNode preflight(String token, ObjectNode request) {
        return send(token, config.schedulerUrl(), "/api/v1/campaigns/preflight", "POST", request, 200);
    }

    public JsonNode createCampaign(String token, ObjectNode request) {
        return send(token, config.schedulerUrl(), "/api/v1/campaigns", "POST", request, 201);
    }

    /** {@code pause}, {@code resume} or {@code cancel}. */
    public JsonNode campaignAction(String token, String id, String action) {
        return send(token, config.schedulerUrl(), "/api/v1/campaigns/" + encode(id) + "/" + action, "POST", null, 200);
    }

    public JsonNode rotate(String token, String mac) {
        return send(token, config.schedulerUrl(), "/api/v1/devices/" + encode(mac) + "/rotations", "POST", null, 202);
    }

    public JsonNode rearmBootstrap(String token, String mac) {
        return send(token, config.cryptoUrl(), "/api/v1/devices/" + encode(mac) + "/bootstrap:rearm", "POST", null, 200);
    }

    public JsonNode decommission(String token, String mac, String reason) {
        return send(token, config.registryUrl(), "/api/v1/devices/" + encode(mac) + "?reason=" + encode(reason), "DELETE",
                null, 200);
    }

    /** crypto-service's {@code keyturn_devices_stranded} gauge, or empty when it cannot be read. */
    public OptionalLong stranded() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(config.cryptoUrl().resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parseStranded(r.body()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseStranded(String prometheus) {
        Matcher m = STRANDED.matcher(prometheus);
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
            found = true;
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    static String queryString(Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        for (var e : query.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                q.append(q.length() == 0 ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            }
        }
        return q.toString();
    }

    private JsonNode get(String token, URI base, String path) {
        return send(token, base, path, "GET", null, 200);
    }

    private JsonNode send(String token, URI base, String path, String method, JsonNode body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackendException(503, "Service unavailable", base.getHost() + ":" + base.getPort()
                    + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(503, "Interrupted", "the call was interrupted");
        }
        JsonNode json = parse(r.body());
        if (r.statusCode() != expected && !(r.statusCode() / 100 == 2 && expected / 100 == 2)) {
            throw new BackendException(r.statusCode(), json.path("title").asText("HTTP " + r.statusCode()),
                    json.path("detail").asText(""));
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The JSON as maps and lists, which Qute templates read by name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(JsonNode node) {
        return node == null || !node.isObject() ? new LinkedHashMap<>() : JSON.convertValue(node, Map.class);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
