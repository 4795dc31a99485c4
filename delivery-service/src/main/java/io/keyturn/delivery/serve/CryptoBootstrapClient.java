package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Fetches an mTLS bootstrap body from crypto-service's internal endpoint ({@code GET /internal/v1/bootstrap/{mac}},
 * role {@code keyturn-service}). The body holds the device's key in the clear, so delivery keeps it only for the
 * one response: it is never stored, cached or logged (DESIGN.md §3).
 *
 * <p>The bearer token is read from {@code keyturn.delivery.crypto.token-file} and read again whenever the file's
 * modification time or size changes, so a rotated token is picked up without a restart.
 */
@ApplicationScoped
public class CryptoBootstrapClient {

    /** The header crypto-service may send with the generation the body hands out. */
    public static final String GENERATION_HEADER = "Keyturn-Generation";

    /** What crypto-service answered. */
    public sealed interface Result {
        /** The body, to send once; {@code generation} if crypto named it. */
        record Body(byte[] xml, Optional<Long> generation) implements Result {
            @Override
            public String toString() {
                return "Body[" + xml.length + " bytes]";
            }
        }

        /** Unknown device (404). */
        record Unknown() implements Result {
        }

        /** A refusal (409) with its problem type's last path segment, e.g. {@code bootstrap-disarmed}. */
        record Refused(String problem) implements Result {
        }
    }

    private final Vertx vertx;
    private final DeliveryConfig.Crypto config;
    private final URI base;
    private volatile HttpClient client;
    private volatile CachedToken token;

    @Inject
    public CryptoBootstrapClient(Vertx vertx, DeliveryConfig config) {
        this.vertx = vertx;
        this.config = config.crypto();
        this.base = URI.create(this.config.url().endsWith("/") ? this.config.url() : this.config.url() + "/");
    }

    /** Asks crypto-service for {@code mac}'s bootstrap; a failed future for a transport error or unexpected answer. */
    public Future<Result> fetch(String mac) {
        return vertx.<String>executeBlocking(this::bearer, false).compose(bearer -> {
            URI uri = base.resolve("internal/v1/bootstrap/" + mac);
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(uri.toString())
                    .setTimeout(config.timeout().toMillis())
                    .putHeader("Authorization", "Bearer " + bearer)
                    .putHeader("Accept", "application/xml");
            return client().request(options)
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(body -> toResult(resp.statusCode(),
                            resp.getHeader(GENERATION_HEADER), body)));
        });
    }

    private static Result toResult(int status, String generation, Buffer body) {
        if (status == 200) {
            Optional<Long> g = Optional.empty();
            if (generation != null && generation.matches("[1-9][0-9]{0,17}")) {
                g = Optional.of(Long.parseLong(generation));
            }
            return new Result.Body(body.getBytes(), g);
        }
        if (status == 404) {
            return new Result.Unknown();
        }
        if (status == 409) {
            return new Result.Refused(problemName(body));
        }
        throw new IllegalStateException("crypto-service answered the bootstrap request with HTTP " + status);
    }

    /** The problem's {@code code}, or the last segment of its {@code type}; {@code other} if neither is readable. */
    private static String problemName(Buffer body) {
        try {
            JsonObject problem = body.toJsonObject();
            String name = problem.getString("code");
            if (name == null && problem.getString("type") != null) {
                String type = problem.getString("type");
                name = type.substring(type.lastIndexOf('/') + 1);
            }
            return name != null && name.matches("[a-z0-9-]{1,64}") ? name : "other";
        } catch (RuntimeException e) {
            return "other";
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.timeout().toMillis())
                            .setKeepAlive(true));
                }
                c = client;
            }
        }
        return c;
    }

    private String bearer() throws IOException {
        Path file = config.tokenFile().orElseThrow(() ->
                new IllegalStateException("keyturn.delivery.crypto.token-file is not configured"));
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        CachedToken t = token;
        if (t == null || !t.modified.equals(modified) || t.size != size) {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("the crypto token file is empty");
            }
            t = new CachedToken(modified, size, value);
            token = t;
        }
        return t.value;
    }

    private record CachedToken(FileTime modified, long size, String value) {
        @Override
        public String toString() {
            return "CachedToken[modified=" + modified + "]";
        }
    }
}
