package io.keyturn.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for registry, crypto and scheduler in the page tests: canned answers in the services' documented
 * shapes, and a record of every call so a test can say that a bad form sent nothing. (The browser test runs the
 * real services.)
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final String DEVICE = """
            {"mac":"000e08aabbcc","model":"SPA962","psn":"962","serial":"DEMO00000001","group":"region/north",
             "bootstrapMode":"staging-key","hasStagingKey":true,"params":{"Proxy_1_":"sip.example.net"},
             "secretParams":["Password_1_"],"state":"active","version":3,"generation":3,"confirmedGeneration":2,
             "rotationState":"published"}""";
    static final String OTHER = """
            {"mac":"000e08000002","model":"SPA942","serial":"DEMO00000002","group":"region/south","state":"registered",
             "generation":1,"confirmedGeneration":0}""";
    static final String CHAIN = """
            {"mac":"000e08aabbcc","model":"SPA962","bootstrapMode":"staging-key","bootstrapArmed":false,
             "confirmedGeneration":2,"newestGeneration":3,"headGeneration":3,"decommissioned":false,"generations":[
             {"generation":1,"state":"retired","keyFingerprint":"sha256:1111aaaa","leadsTo":0,"issuedAt":"2026-11-26T10:00:00Z","retiredAt":"2026-11-26T10:05:00Z"},
             {"generation":2,"state":"confirmed","keyFingerprint":"sha256:2222bbbb","leadsTo":3,"campaignId":"c-1","issuedAt":"2026-11-26T10:01:00Z","confirmedAt":"2026-11-26T10:04:00Z"},
             {"generation":3,"state":"published","keyFingerprint":"sha256:3333cccc","leadsTo":3,"campaignId":"c-1","issuedAt":"2026-11-26T10:06:00Z"}]}""";
    static final String CAMPAIGN = """
            {"id":"c-1","group":"region","state":"running","phase":"waves","ratePerMinute":500,"canaryPercent":1.0,
             "stopAfter":"10/1000","total":2,"heldBack":0,"counts":{"requested":2,"issued":2,"published":1,"confirmed":1,"failed":0},
             "pending":0,"inFlight":1,"stragglers":{"count":1,"sample":["000e08aabbcc"]},"createdAt":"2026-11-26T10:00:00Z"}""";

    private HttpServer server;
    private Path keys;

    @Override
    public Map<String, String> start() {
        try {
            keys = Files.createTempDirectory("console-keys");
            TestKeys.create(keys);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::answer);
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("smallrye.jwt.verify.key.location", keys.resolve("public.pem").toUri().toString(),
                "keyturn.console.dev-issuer", keys.toString(),
                "keyturn.console.registry-url", url, "keyturn.console.crypto-url", url,
                "keyturn.console.scheduler-url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void answer(HttpExchange x) throws IOException {
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery();
        CALLS.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
        boolean auditor = String.valueOf(x.getRequestHeaders().getFirst("Authorization")).contains(".")
                && roles(x).contains("auditor");
        if (path.equals("/q/metrics")) {
            send(x, 200, "# TYPE keyturn_devices_stranded gauge\nkeyturn_devices_stranded 0.0\n");
        } else if (x.getRequestHeaders().getFirst("Authorization") == null) {
            send(x, 401, "{\"title\":\"Unauthorized\"}");
        } else if (!method.equals("GET") && auditor) {
            send(x, 403, "{\"title\":\"Forbidden\",\"detail\":\"role auditor may not do this\"}");
        } else if (path.equals("/api/v1/devices")) {
            send(x, 200, query.contains("unconfirmedFor") ? "{\"items\":[" + OTHER + "]}"
                    : "{\"items\":[" + DEVICE + "," + OTHER + "],\"nextCursor\":null}");
        } else if (path.equals("/api/v1/devices/000e08aabbcc")) {
            send(x, 200, DEVICE);
        } else if (path.equals("/api/v1/devices/000e08aabbcc/chain")) {
            send(x, 200, CHAIN);
        } else if (path.equals("/api/v1/devices/000e08aabbcc/rotations")) {
            send(x, 202, "{\"id\":\"r-1\"}");
        } else if (path.equals("/api/v1/campaigns")) {
            send(x, method.equals("POST") ? 201 : 200, method.equals("POST") ? "{\"id\":\"c-2\"}" : "{\"items\":[" + CAMPAIGN + "]}");
        } else if (path.equals("/api/v1/campaigns/preflight")) {
            send(x, 200, "{\"candidates\":1200,\"online\":1000,\"offline\":200,\"heldBack\":200,\"targets\":1000,\"canary\":10}");
        } else if (path.equals("/api/v1/campaigns/c-1")) {
            send(x, 200, CAMPAIGN);
        } else if (path.startsWith("/api/v1/campaigns/c-1/")) {
            send(x, 200, CAMPAIGN);
        } else {
            send(x, 404, "{\"title\":\"Not Found\",\"detail\":\"no such device\"}");
        }
    }

    private static String roles(HttpExchange x) {
        String token = x.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length());
        return new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }
}
