package io.keyturn.delivery.serve;

import io.keyturn.delivery.store.FileRepository;
import io.keyturn.delivery.store.StoredFile;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers device requests on the Vert.x servers, HTTPS ({@link MtlsEndpoint}) and Quarkus' HTTP port
 * ({@link PlainHttpRoutes}; plain HTTP is mostly {@link DeviceHttpConnection}'s, with the same answers), directly on
 * the Vert.x event loop: no JAX-RS, no body handler, no
 * copy of the file (the response wraps the cached array). GET and HEAD only. Every refusal is a bare 404 with an
 * empty body, whatever its cause, so a client learns nothing about what exists; a rate-limited source gets 429.
 */
@ApplicationScoped
public class HttpDelivery {

    private static final Logger LOG = Logger.getLogger(HttpDelivery.class);
    private static final CharSequence OCTET_STREAM = io.vertx.core.http.HttpHeaders.createOptimized("application/octet-stream");
    private static final CharSequence NO_STORE = io.vertx.core.http.HttpHeaders.createOptimized("no-store");
    private static final CharSequence ZERO = io.vertx.core.http.HttpHeaders.createOptimized("0");
    private static final CharSequence GET_HEAD = io.vertx.core.http.HttpHeaders.createOptimized("GET, HEAD");
    private static final CharSequence RETRY_AFTER = io.vertx.core.http.HttpHeaders.createOptimized("60");

    private final Gatekeeper gate;
    private final CryptoBootstrapClient crypto;
    private final FileRepository repository;
    private final Vertx vertx;
    private final Clock clock;

    @Inject
    public HttpDelivery(Gatekeeper gate, CryptoBootstrapClient crypto, FileRepository repository, Vertx vertx,
                        Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.crypto = crypto;
        this.repository = repository;
        this.vertx = vertx;
    }

    /**
     * Answers one request.
     *
     * @param certificate what the client certificate says (HTTPS), or {@code null} (HTTP)
     */
    public void handle(HttpServerRequest req, DeliveryProtocol protocol, DeviceIdentity.Reading certificate) {
        String raw = req.path();
        // The connection's peer, not the request's: Vert.x Web's request wrapper parses Forwarded headers for its
        // remoteAddress(), work on every request, and a device's address is never anything a header says.
        SocketAddress peer = req.connection() == null ? null : req.connection().remoteAddress();
        FetchRequest request = FetchRequest.now(raw == null ? "/" : raw, protocol,
                peer == null || peer.hostAddress() == null ? "0.0.0.0" : peer.hostAddress(),
                req.getHeader(HttpHeaderNames.USER_AGENT), certificate, clock);
        boolean head = req.method() == HttpMethod.HEAD;
        switch (DeviceAnswers.screen(gate, request, req.method().name())) {
            case METHOD_NOT_ALLOWED -> {
                req.response().setStatusCode(405).putHeader(HttpHeaderNames.ALLOW, GET_HEAD)
                        .putHeader(HttpHeaderNames.CONTENT_LENGTH, ZERO).end();
                return;
            }
            case MALFORMED -> {
                notFound(req.response());
                return;
            }
            case MTLS_BOOTSTRAP -> {
                mtlsBootstrap(req, request, DevicePath.mtlsBootstrapMac(request.path()).orElseThrow(), head);
                return;
            }
            case LOOKUP -> {
                // below
            }
        }
        Gatekeeper.Answer now = gate.resolveNow(request);
        if (now != null) {
            respond(req, request, now, head);
            return;
        }
        Context context = Vertx.currentContext();
        gate.resolve(request).whenComplete((answer, failure) -> {
            if (failure != null) {
                answer = new Gatekeeper.Answer.Unavailable();
            }
            Gatekeeper.Answer a = answer;
            if (context == null || Vertx.currentContext() == context) {
                respond(req, request, a, head);
            } else {
                context.runOnContext(v -> respond(req, request, a, head));
            }
        });
    }

    private void respond(HttpServerRequest req, FetchRequest request, Gatekeeper.Answer answer, boolean head) {
        HttpServerResponse resp = req.response();
        switch (DeviceAnswers.reply(gate, request, answer, req.getHeader(HttpHeaderNames.IF_NONE_MATCH))) {
            case CONTENT -> {
                StoredFile.Live file = ((Gatekeeper.Answer.Serve) answer).file();
                MultiMap headers = resp.headers();
                headers.add(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
                headers.add(HttpHeaderNames.ETAG, DeviceAnswers.etag(file.sha256()));
                headers.add(HttpHeaderNames.CONTENT_TYPE, contentType(file));
                if (head) {
                    headers.add(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(file.content().length));
                    resp.end();
                    return;
                }
                resp.end(Buffer.buffer(Unpooled.wrappedBuffer(file.content()))).onComplete(ar ->
                        gate.served(request, file, ar.succeeded() ? FetchResult.COMPLETED : FetchResult.ABORTED,
                                ar.succeeded() ? file.content().length : 0));
            }
            case NOT_MODIFIED -> resp.setStatusCode(304).putHeader(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
                    .putHeader(HttpHeaderNames.ETAG, DeviceAnswers.etag(((Gatekeeper.Answer.Serve) answer).file().sha256()))
                    .end();
            case TOO_MANY -> resp.setStatusCode(429).putHeader(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER)
                    .putHeader(HttpHeaderNames.CONTENT_LENGTH, ZERO).end();
            case UNAVAILABLE -> resp.setStatusCode(503).putHeader(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER)
                    .putHeader(HttpHeaderNames.CONTENT_LENGTH, ZERO).end();
            case NOT_FOUND -> notFound(resp);
        }
    }

    private static CharSequence contentType(StoredFile.Live file) {
        return "application/octet-stream".equals(file.contentType()) ? OCTET_STREAM : file.contentType();
    }

    private static void notFound(HttpServerResponse resp) {
        resp.setStatusCode(404).putHeader(HttpHeaderNames.CONTENT_LENGTH, ZERO).end();
    }

    /** {@code /bootstrap/<mac>.xml}: only over HTTPS, only to that MAC's certificate, fetched per request. */
    private void mtlsBootstrap(HttpServerRequest req, FetchRequest request, String mac, boolean head) {
        DeviceIdentity.Reading cert = request.certificate();
        if (cert == null) {
            gate.refuse(request, DenialReason.CLIENT_CERTIFICATE_REQUIRED, mac, null);
            notFound(req.response());
            return;
        }
        if (cert.identity() == null) {
            gate.refuse(request, cert.problem() == DeviceIdentity.Problem.GENERIC ? DenialReason.GENERIC_CERTIFICATE
                    : DenialReason.MALFORMED_SUBJECT, mac, "the client certificate identifies no unit");
            notFound(req.response());
            return;
        }
        if (!cert.identity().mac().equals(mac)) {
            gate.refuse(request, DenialReason.WRONG_CLIENT_CERTIFICATE, cert.identity().mac(),
                    "the bootstrap of another device was requested");
            notFound(req.response());
            return;
        }
        if (gate.limited(request)) {
            respond(req, request, new Gatekeeper.Answer.Limited(), head);
            return;
        }
        crypto.fetch(mac).onComplete(ar -> {
            HttpServerResponse resp = req.response();
            if (ar.failed()) {
                LOG.warnf("mTLS bootstrap for %s: crypto-service did not answer: %s", mac, ar.cause().getMessage());
                respond(req, request, new Gatekeeper.Answer.Unavailable(), head);
                return;
            }
            CryptoBootstrapClient.Result result = ar.result();
            if (result instanceof CryptoBootstrapClient.Result.Body body) {
                resp.putHeader(HttpHeaderNames.CONTENT_TYPE, "application/xml")
                        .putHeader(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
                if (head) {
                    resp.putHeader(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.xml().length)).end();
                    return;
                }
                resp.end(Buffer.buffer(body.xml())).onComplete(sent -> {
                    if (sent.succeeded()) {
                        reportBootstrap(request, mac, body);
                    }
                });
            } else if (result instanceof CryptoBootstrapClient.Result.Refused refused) {
                DenialReason reason = "bootstrap-disarmed".equals(refused.problem()) ? DenialReason.BOOTSTRAP_DISARMED
                        : DenialReason.OTHER;
                gate.refuse(request, reason, mac, "crypto-service: " + refused.problem());
                notFound(resp);
            } else {
                gate.refuse(request, DenialReason.NOT_FOUND, mac, "crypto-service knows no such device");
                notFound(resp);
            }
        });
    }

    /** The generation crypto named, else the newest one the device's chain files lead to. */
    private void reportBootstrap(FetchRequest request, String mac, CryptoBootstrapClient.Result.Body body) {
        int bytes = body.xml().length;
        if (body.generation().isPresent()) {
            gate.servedBootstrap(request, mac, body.generation().get(), bytes);
            return;
        }
        vertx.<Optional<Long>>executeBlocking(() -> repository.newestTargetGeneration(mac), false)
                .onSuccess(g -> g.ifPresentOrElse(
                        generation -> gate.servedBootstrap(request, mac, generation, bytes),
                        () -> LOG.infof("mTLS bootstrap for %s served; no fetch event: no generation is known", mac)))
                .onFailure(e -> LOG.warnf("mTLS bootstrap for %s served; no fetch event: %s", mac, e.getMessage()));
    }
}
