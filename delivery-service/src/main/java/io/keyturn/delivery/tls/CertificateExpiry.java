package io.keyturn.delivery.tls;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryCertificateExpiring;
import io.keyturn.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches the server certificate's expiry: the gauge {@code keyturn_tls_server_certificate_days_left{cn}} and, while
 * 30 days or fewer are left, {@code keyturn.delivery.certificate-expiring} through the outbox when the certificate
 * is loaded (at start or by a reload) and then once a day. A vendor CA takes days to sign a new certificate, so the
 * warning comes early; an expired server certificate stops every HTTPS device.
 */
@ApplicationScoped
public class CertificateExpiry {

    private static final Logger LOG = Logger.getLogger(CertificateExpiry.class);
    private static final Duration ONCE_A_DAY = Duration.ofDays(1);

    private final OutboxWriter outbox;
    private final MeterRegistry registry;
    private final Duration checkEvery;
    private final Clock clock;
    private final Map<String, Instant> warnedAt = new ConcurrentHashMap<>();
    private volatile CertificateFacts server;
    private Gauge gauge;
    private ScheduledExecutorService checker;

    @Inject
    public CertificateExpiry(OutboxWriter outbox, MeterRegistry registry, DeliveryConfig config) {
        this(outbox, registry, config.https().expiryCheckInterval(), Clock.systemUTC());
    }

    CertificateExpiry(OutboxWriter outbox, MeterRegistry registry, Duration checkEvery, Clock clock) {
        this.outbox = outbox;
        this.registry = registry;
        this.checkEvery = checkEvery;
        this.clock = clock;
    }

    /** Follows {@code material}: checks each certificate it loads, and every check interval. */
    public synchronized void watch(TlsMaterial material) {
        material.onChange(loaded -> certificateLoaded(CertificateFacts.of("server", loaded.server().leaf())));
        if (checker == null) {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "delivery-tls-expiry");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1_000, checkEvery.toMillis());
            checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    synchronized void certificateLoaded(CertificateFacts facts) {
        CertificateFacts before = server;
        server = facts;
        if (before == null || !before.commonName().equals(facts.commonName())) {
            if (gauge != null) {
                registry.remove(gauge);
            }
            gauge = Gauge.builder("keyturn.tls.server.certificate.days.left", this, CertificateExpiry::daysLeftNow)
                    .description("Whole days until the HTTPS server certificate expires (negative once expired)")
                    // Held strongly: Micrometer keeps a gauge's object weakly by default, and this gauge was lost
                    // from /q/metrics after an application restart in one JVM (TftpFuzzIT then TlsIT).
                    .tag("cn", facts.commonName()).strongReference(true).register(registry);
        }
        check();
    }

    private double daysLeftNow() {
        CertificateFacts facts = server;
        return facts == null ? Double.NaN : facts.daysLeft(clock.instant());
    }

    /** Emits the warning if the current certificate is within 30 days and was not warned about in the last day. */
    synchronized void check() {
        CertificateFacts facts = server;
        if (facts == null) {
            return;
        }
        Instant now = clock.instant();
        long days = facts.daysLeft(now);
        if (days > DeliveryCertificateExpiring.WARNING_DAYS) {
            return;
        }
        Instant last = warnedAt.get(facts.sha256());
        if (last != null && Duration.between(last, now).compareTo(ONCE_A_DAY) < 0) {
            return;
        }
        DeliveryCertificateExpiring warning = new DeliveryCertificateExpiring(cut(facts.commonName()),
                facts.serialNumber(), facts.notAfter(), days, facts.sha256());
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.append(CloudEvent.of(Sources.DELIVERY_SERVICE,
                    warning, clock)));
            warnedAt.keySet().retainAll(java.util.Set.of(facts.sha256()));
            warnedAt.put(facts.sha256(), now);
            LOG.warnf("The HTTPS server certificate %s expires in %d days (%s): install a new one (keyturn tls csr,"
                    + " then keyturn tls install)", facts.commonName(), days, facts.notAfter());
        } catch (RuntimeException e) {
            // Tried again at the next check: the warning is worth more than one attempt.
            LOG.warnf("Could not write the certificate-expiring event, will retry: %s", e.getMessage());
        }
    }

    private static String cut(String cn) {
        return cn.length() <= 255 ? cn : cn.substring(0, 255);
    }
}
