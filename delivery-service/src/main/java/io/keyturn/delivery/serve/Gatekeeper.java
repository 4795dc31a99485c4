package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.delivery.fetch.FetchLog;
import io.keyturn.delivery.fetch.MissLimiter;
import io.keyturn.delivery.store.FileStore;
import io.keyturn.delivery.store.StoredFile;
import io.keyturn.events.EventData;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Decides what each request gets, the same way for TFTP, HTTP and HTTPS, and reports it to the fetch log: a file,
 * or a refusal that looks the same whatever the cause (nothing published, withdrawn, retired, another device's
 * file, a malformed path). Misses are counted per source by a {@link MissLimiter}; while a source is limited its
 * requests are refused before any lookup.
 *
 * <p>Over HTTPS a device-owned file (bootstrap, chain) goes only to the client certificate naming its MAC; a
 * stage-0 file, which holds no secret, goes to any client the TLS layer accepted.
 */
@ApplicationScoped
public class Gatekeeper {

    /** What a request gets. */
    public sealed interface Answer {
        /** The file, to send. */
        record Serve(StoredFile.Live file) implements Answer {
        }

        /** Nothing (404, TFTP error 1); the reason is already reported. */
        record Refuse() implements Answer {
        }

        /** The source is rate-limited (HTTP 429; TFTP error 1). */
        record Limited() implements Answer {
        }

        /** The store could not be read (HTTP 503; TFTP error 0). */
        record Unavailable() implements Answer {
        }
    }

    private static final Logger LOG = Logger.getLogger(Gatekeeper.class);
    private static final Answer REFUSE = new Answer.Refuse();
    private static final Answer LIMITED = new Answer.Limited();
    private static final Answer UNAVAILABLE = new Answer.Unavailable();
    /** SPA5xx firmware puts the MAC first in the User-Agent: {@code Cisco/SPA501G-7.4.4 (8843E157DDCC)(CBT141100HR)}. */
    private static final Pattern UA_MAC = Pattern.compile("\\(([0-9A-Fa-f]{12})\\)\\s*\\([^)]*\\)\\s*$");

    private final FileStore store;
    private final FetchLog log;
    private final MissLimiter limiter;
    private final int burst;
    private final ScheduledExecutorService sweeper;
    private final Counter served;
    private final Counter refused;

    @Inject
    public Gatekeeper(FileStore store, FetchLog log, DeliveryConfig config, MeterRegistry registry) {
        // The beans themselves, not their client proxies: every device request calls both, and each proxied call
        // looked the bean up in its context again (a few per cent of the loops' JFR samples at a keep-alive peak).
        this.store = ClientProxy.unwrap(store);
        this.log = ClientProxy.unwrap(log);
        this.burst = config.missLimit().burst();
        this.limiter = new MissLimiter(burst, config.missLimit().perMinute(), System::nanoTime);
        this.served = Counter.builder("keyturn.delivery.requests").tag("answer", "served").register(registry);
        this.refused = Counter.builder("keyturn.delivery.requests").tag("answer", "refused").register(registry);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-miss-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(limiter::sweep, 1, 1, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    /** Whether the request's source is rate-limited now; such a request is refused without a lookup or an event. */
    public boolean limited(FetchRequest request) {
        return limiter.isLimited(request.sourceAddress());
    }

    /**
     * What {@code request} (a well-formed path) gets if the answer is in memory (the source is limited, or the store
     * has the path cached), decided and reported at once on the calling thread; {@code null} when the store must read
     * the table, and then {@link #resolve} is the way.
     */
    public Answer resolveNow(FetchRequest request) {
        if (limited(request)) {
            refused.increment();
            return LIMITED;
        }
        StoredFile cached = store.cached(request.path());
        return cached == null ? null : decide(request, cached);
    }

    /**
     * What {@code request} (a well-formed path) gets. Completes at once when the store answers from memory;
     * otherwise on a store thread.
     */
    public CompletableFuture<Answer> resolve(FetchRequest request) {
        if (limited(request)) {
            refused.increment();
            return CompletableFuture.completedFuture(LIMITED);
        }
        CompletableFuture<StoredFile> lookup = store.lookup(request.path());
        if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(decide(request, lookup.join()));
        }
        return lookup.handle((file, failure) -> {
            if (failure != null) {
                LOG.warnf("Store lookup failed: %s", failure.getMessage());
                return UNAVAILABLE;
            }
            return decide(request, file);
        });
    }

    private Answer decide(FetchRequest request, StoredFile file) {
        if (file instanceof StoredFile.Live live) {
            DeviceIdentity.Reading cert = request.certificate();
            if (cert != null && live.mac() != null) {
                if (cert.identity() == null) {
                    refuse(request, cert.problem() == DeviceIdentity.Problem.GENERIC
                            ? DenialReason.GENERIC_CERTIFICATE : DenialReason.MALFORMED_SUBJECT, null,
                            "the client certificate identifies no unit");
                    return REFUSE;
                }
                if (!cert.identity().mac().equals(live.mac())) {
                    refuse(request, DenialReason.WRONG_CLIENT_CERTIFICATE, cert.identity().mac(),
                            "the file belongs to another device");
                    return REFUSE;
                }
            }
            served.increment();
            return new Answer.Serve(live);
        }
        if (file instanceof StoredFile.Withdrawn gone && gone.retired()) {
            record(() -> new DeliveryRetiredPathHit(request.path(), gone.mac(), gone.generation(), request.protocol(),
                    request.sourceAddress(), request.userAgent(), request.arrivedAt()));
            countMiss(request);
            refused.increment();
            return REFUSE;
        }
        refuse(request, DenialReason.NOT_FOUND, null, null);
        return REFUSE;
    }

    /**
     * Reports a refused request and counts it as a miss of its source. The denial event is written while the source
     * is within its budget; the miss that exhausts the budget also reports the source as rate-limited, and after
     * that its requests are refused unreported until the bucket refills.
     *
     * @param mac the MAC the request claimed, if the caller knows it; otherwise taken from the path or certificate
     */
    public void refuse(FetchRequest request, DenialReason reason, String mac, String detail) {
        refused.increment();
        String claimed = mac != null ? mac : claimedMac(request);
        MissLimiter.Verdict verdict = limiter.miss(request.sourceAddress());
        if (verdict == MissLimiter.Verdict.LIMITED) {
            return;
        }
        record(() -> new DeliveryDenied(request.path().isEmpty() ? "/" : request.path(), claimed, request.protocol(),
                request.sourceAddress(), request.userAgent(), reason, detail, request.arrivedAt()));
        if (verdict == MissLimiter.Verdict.NOW_LIMITED) {
            record(() -> new DeliveryDenied(request.path().isEmpty() ? "/" : request.path(), claimed,
                    request.protocol(), request.sourceAddress(), request.userAgent(), DenialReason.RATE_LIMITED,
                    "more than " + burst + " misses from this source; its requests are refused until its budget"
                            + " refills", request.arrivedAt()));
        }
    }

    private void countMiss(FetchRequest request) {
        if (limiter.miss(request.sourceAddress()) == MissLimiter.Verdict.NOW_LIMITED) {
            record(() -> new DeliveryDenied(request.path(), claimedMac(request), request.protocol(),
                    request.sourceAddress(), request.userAgent(), DenialReason.RATE_LIMITED,
                    "more than " + burst + " misses from this source; its requests are refused until its budget"
                            + " refills", request.arrivedAt()));
        }
    }

    /** Reports a fetch of {@code file} that ended with {@code result}. */
    public void served(FetchRequest request, StoredFile.Live file, FetchResult result, long bytes) {
        long elapsed = request.elapsedMillis();
        record(() -> new DeliveryFetched(file.path(), file.kind(), file.mac() != null ? file.mac() : macOf(request),
                file.kind() == ProfileKind.STAGE0 ? null : file.generation(), request.protocol(),
                request.sourceAddress(), request.userAgent(), result, bytes, elapsed, request.arrivedAt()));
    }

    /** Reports an mTLS bootstrap fetched from crypto-service (never stored here). */
    public void servedBootstrap(FetchRequest request, String mac, long generation, long bytes) {
        long elapsed = request.elapsedMillis();
        record(() -> new DeliveryFetched(request.path(), ProfileKind.BOOTSTRAP, mac, generation, request.protocol(),
                request.sourceAddress(), request.userAgent(), FetchResult.COMPLETED, bytes, elapsed,
                request.arrivedAt()));
    }

    /**
     * Builds and queues an event: the records check their fields, and a client can send things no rule foresaw; such
     * an event is dropped and logged by the fetch log, never allowed to break the answer.
     */
    private void record(Supplier<EventData> event) {
        log.record(event);
    }

    private static String claimedMac(FetchRequest request) {
        String fromPath = DevicePath.claimedMac(request.path());
        return fromPath != null ? fromPath : macOf(request);
    }

    /** The MAC from the certificate, else from an SPA5xx-style User-Agent, else none. */
    private static String macOf(FetchRequest request) {
        if (request.certificate() != null && request.certificate().identity() != null) {
            return request.certificate().identity().mac();
        }
        if (request.userAgent() != null && request.protocol() != DeliveryProtocol.TFTP) {
            Matcher m = UA_MAC.matcher(request.userAgent());
            if (m.find()) {
                return m.group(1).toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }
}
