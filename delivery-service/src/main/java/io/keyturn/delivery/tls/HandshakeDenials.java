package io.keyturn.delivery.tls;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.delivery.fetch.FetchLog;
import io.keyturn.delivery.fetch.MissLimiter;
import io.keyturn.delivery.serve.DeviceIdentity;
import io.keyturn.events.EventContractException;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.jboss.logging.Logger;

/**
 * Handshakes refused for the client certificate: counted in {@code keyturn_tls_handshakes_denied_total{reason}} and
 * reported as {@code keyturn.delivery.denied} (path {@code /}, the certificate's MAC if its subject names one, the
 * reason, and the subject and issuer in the detail; nothing secret is in a certificate).
 *
 * <p>A handshake costs an attacker almost nothing, so reports are rate-limited per source address with a
 * {@link MissLimiter} ({@code keyturn.delivery.https.denial-reports}): the refusal that empties the bucket says so,
 * later ones from that address are counted but not reported until it refills. Called on the TLS threads; never
 * blocks ({@link FetchLog#record}).
 */
@ApplicationScoped
public class HandshakeDenials implements DeviceTrustManager.Refusals {

    private static final Logger LOG = Logger.getLogger(HandshakeDenials.class);
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}]");
    private static final String UNKNOWN_ADDRESS = "0.0.0.0";

    private final FetchLog log;
    private final MeterRegistry registry;
    private final MissLimiter limiter;
    private final Clock clock = Clock.systemUTC();
    private final Map<DenialReason, Counter> counters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    @Inject
    public HandshakeDenials(FetchLog log, DeliveryConfig config, MeterRegistry registry) {
        this.log = log;
        this.registry = registry;
        DeliveryConfig.Https.DenialReports reports = config.https().denialReports();
        this.limiter = new MissLimiter(reports.burst(), reports.perMinute(), System::nanoTime);
        for (DenialReason r : new DenialReason[] {DenialReason.UNTRUSTED_CA, DenialReason.EXPIRED_CERTIFICATE}) {
            counter(r);
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-tls-denial-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(limiter::sweep, 1, 1, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    private Counter counter(DenialReason reason) {
        return counters.computeIfAbsent(reason, r -> Counter.builder("keyturn.tls.handshakes.denied")
                .description("TLS handshakes refused because of the client certificate, by reason")
                .tag("reason", r.code()).register(registry));
    }

    @Override
    public void refused(String sourceAddress, DenialReason reason, X509Certificate[] chain) {
        counter(reason).increment();
        String source = sourceAddress == null || sourceAddress.isEmpty() ? UNKNOWN_ADDRESS : sourceAddress;
        MissLimiter.Verdict verdict = limiter.miss(source);
        if (verdict == MissLimiter.Verdict.LIMITED) {
            return;
        }
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        String mac = null;
        StringBuilder detail = new StringBuilder("TLS handshake refused: ").append(explain(reason));
        if (leaf != null) {
            DeviceIdentity.Reading reading = DeviceIdentity.of(leaf);
            mac = reading.asIdentity().map(DeviceIdentity::mac).orElse(null);
            detail.append("; subject ").append(clean(leaf.getSubjectX500Principal()))
                    .append("; issuer ").append(clean(leaf.getIssuerX500Principal()));
        }
        if (verdict == MissLimiter.Verdict.NOW_LIMITED) {
            detail.insert(0, "rate-limited from here on; ");
        }
        String text = UNPRINTABLE.matcher(detail.length() > 500 ? detail.substring(0, 499) + "…" : detail)
                .replaceAll("?");
        DeliveryDenied denied;
        try {
            denied = new DeliveryDenied("/", mac, DeliveryProtocol.HTTPS, source, null, reason, text, clock.instant());
        } catch (EventContractException e) {
            // An address Vert.x gave in a form the contract does not take: still worth the report.
            denied = new DeliveryDenied("/", mac, DeliveryProtocol.HTTPS, UNKNOWN_ADDRESS, null, reason, text,
                    clock.instant());
        }
        log.record(denied);
        LOG.debugf("TLS handshake from %s refused: %s", source, reason.code());
    }

    private static String explain(DenialReason reason) {
        return switch (reason) {
            case EXPIRED_CERTIFICATE -> "the client certificate is expired or not yet valid";
            case UNTRUSTED_CA -> "the client certificate does not chain to a trusted device CA";
            case CLIENT_CERTIFICATE_REQUIRED -> "no client certificate";
            default -> reason.code();
        };
    }

    private static String clean(X500Principal name) {
        String text = name.getName(X500Principal.RFC2253);
        if (text.length() > 200) {
            text = text.substring(0, 199) + "…";
        }
        return UNPRINTABLE.matcher(text).replaceAll("?");
    }
}
