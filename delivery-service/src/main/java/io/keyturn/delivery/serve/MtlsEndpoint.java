package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.delivery.tls.CertificateExpiry;
import io.keyturn.delivery.tls.TlsMaterial;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * The HTTPS listeners with client certificates: a raw Vert.x server (not Quarkus' router) on
 * {@code keyturn.delivery.https.port}, which accepts only clients whose certificate chains to the device-CA bundle
 * and hands each request to {@link HttpDelivery} with the identity the certificate names.
 *
 * <p>The certificate, key and device CAs come from {@link TlsMaterial}, which reloads them when their files change:
 * the listeners hold its key and trust managers, so new handshakes see the new files and open connections are not
 * touched. A client certificate refused at the handshake (untrusted CA, expired) is reported by the trust manager.
 *
 * <p>The legacy profile ({@code keyturn.delivery.https.legacy.enabled}, off by default) opens a second port for
 * SPA firmware that speaks only TLS 1.0 with {@code (DHE-)RSA-AES128/256-SHA} (spa-protocol.md §6). The JDK
 * disables TLS 1.0 in {@code jdk.tls.disabledAlgorithms}, and JSSE reads that list once, when TLS is first used
 * in the process. Turning the profile on removes TLSv1 and TLSv1.1 from the list at startup, which works only if
 * nothing used TLS before (a Kafka or database connection over TLS may have); the reliable way is the JVM option
 * {@code -Djava.security.properties=<file>} with a list without them (README.md, "Legacy devices"). The main port
 * still offers only TLS 1.2 and 1.3. RC4 and export suites stay off: the firmware also offers the AES-SHA suites.
 */
@ApplicationScoped
public class MtlsEndpoint {

    /** The suites of SPA firmware 2.0.6 that are still worth offering (no RC4, no export). */
    static final List<String> LEGACY_SUITES = List.of(
            "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");

    private static final Logger LOG = Logger.getLogger(MtlsEndpoint.class);

    private final Vertx vertx;
    private final HttpDelivery delivery;
    private final DeliveryConfig.Https config;
    private final TlsMaterial material;
    private final CertificateExpiry expiry;
    private final List<HttpServer> servers = new ArrayList<>();
    private volatile int port = -1;
    private volatile int legacyPort = -1;

    @Inject
    public MtlsEndpoint(Vertx vertx, HttpDelivery delivery, DeliveryConfig config, TlsMaterial material,
            CertificateExpiry expiry) {
        this.vertx = vertx;
        this.delivery = delivery;
        this.config = config.https();
        this.material = material;
        this.expiry = expiry;
    }

    void start(@Observes @Priority(20) StartupEvent event) throws Exception {
        if (!config.enabled()) {
            LOG.info("HTTPS listener disabled (keyturn.delivery.https.enabled=false)");
            return;
        }
        if (!material.configured()) {
            LOG.warn("HTTPS listener not started: set keyturn.delivery.https.cert-file, key-file and device-ca-file"
                    + " or device-ca-dir (KEYTURN_DELIVERY_TLS_CERT_FILE, _KEY_FILE, KEYTURN_DELIVERY_TLS_DEVICE_CA_FILE"
                    + " or _DEVICE_CA_DIR)");
            return;
        }
        material.start();
        expiry.watch(material);
        HttpServerOptions modern = options(config.port())
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(List.of("TLSv1.2", "TLSv1.3")));
        port = listen(modern);
        LOG.infof("HTTPS (client certificates required) listening on %s:%d", config.host(), port);
        if (config.legacy().enabled()) {
            allowLegacyProtocols();
            HttpServerOptions legacy = options(config.legacy().port())
                    .setEnabledSecureTransportProtocols(new LinkedHashSet<>(List.of("TLSv1", "TLSv1.1", "TLSv1.2")));
            LEGACY_SUITES.forEach(legacy::addEnabledCipherSuite);
            legacyPort = listen(legacy);
            LOG.warnf("Legacy TLS 1.0 profile enabled: HTTPS for old SPA firmware on %s:%d", config.host(), legacyPort);
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        for (HttpServer s : servers) {
            s.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The bound port of the main HTTPS listener, if it runs. */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The bound port of the legacy listener, if it runs. */
    public OptionalInt legacyPort() {
        return legacyPort < 0 ? OptionalInt.empty() : OptionalInt.of(legacyPort);
    }

    private HttpServerOptions options(int listenPort) {
        return new HttpServerOptions()
                .setHost(config.host())
                .setPort(listenPort)
                .setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(KeyCertOptions.wrap(material.keyManagerFactory()))
                .setTrustOptions(TrustOptions.wrap(material.trustManagerFactory()))
                .setSslHandshakeTimeout(10)
                .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                .setIdleTimeout(30)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    private int listen(HttpServerOptions options) throws Exception {
        HttpServer server = vertx.createHttpServer(options).requestHandler(this::onRequest);
        HttpServer bound = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        servers.add(bound);
        return bound.actualPort();
    }

    private void onRequest(HttpServerRequest req) {
        DeviceIdentity.Reading reading;
        try {
            List<Certificate> chain = req.connection().peerCertificates();
            if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
                reading = new DeviceIdentity.Reading(null, DeviceIdentity.Problem.MALFORMED);
            } else {
                reading = DeviceIdentity.of(leaf);
            }
        } catch (SSLPeerUnverifiedException e) {
            // ClientAuth.REQUIRED makes this unreachable; refuse rather than serve as anonymous.
            reading = new DeviceIdentity.Reading(null, DeviceIdentity.Problem.MALFORMED);
        }
        delivery.handle(req, DeliveryProtocol.HTTPS, reading);
    }

    /** Removes TLSv1 and TLSv1.1 from the JDK's disabled list (the legacy profile only). */
    private static synchronized void allowLegacyProtocols() {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled == null) {
            return;
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String entry : disabled.split(",")) {
            String t = entry.trim();
            if (!t.equals("TLSv1") && !t.equals("TLSv1.1")) {
                kept.add(t);
            }
        }
        Security.setProperty("jdk.tls.disabledAlgorithms", String.join(", ", kept));
        LOG.debugf("jdk.tls.disabledAlgorithms now %s", Arrays.toString(kept.toArray()));
    }
}
