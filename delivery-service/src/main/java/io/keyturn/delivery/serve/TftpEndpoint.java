package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.delivery.store.StoredFile;
import io.keyturn.delivery.tftp.TftpFileSource;
import io.keyturn.delivery.tftp.TftpServer;
import io.keyturn.delivery.tftp.TftpServerConfig;
import io.keyturn.delivery.tftp.TftpTransferOutcome;
import io.keyturn.delivery.tftp.TftpTransferResult;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The TFTP listener: {@link TftpServer} on {@code keyturn.delivery.tftp.port}, started and stopped with the
 * application, serving from the {@link Gatekeeper} and reporting each outcome to the fetch log.
 */
@ApplicationScoped
public class TftpEndpoint {

    private static final Logger LOG = Logger.getLogger(TftpEndpoint.class);
    /** A transfer reports its outcome within its hard limit (10 min); entries older than this are leftovers. */
    private static final long STALE_NANOS = Duration.ofMinutes(15).toNanos();

    private final Gatekeeper gate;
    private final DeliveryConfig.Tftp config;
    private final MeterRegistry registry;
    private final Clock clock;
    /** The file each transfer in flight is serving, so its outcome can name kind, device and generation. */
    private final Map<Transfer, Pending> pending = new ConcurrentHashMap<>();
    private volatile TftpServer server;

    @Inject
    public TftpEndpoint(Gatekeeper gate, DeliveryConfig config, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.config = config.tftp();
        this.registry = registry;
    }

    void start(@Observes @Priority(20) StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("TFTP listener disabled (keyturn.delivery.tftp.enabled=false)");
            return;
        }
        TftpServerConfig.Builder settings = TftpServerConfig.builder(new InetSocketAddress(config.host(), config.port()))
                .maxTransfers(config.maxTransfers());
        config.ioThreads().ifPresent(settings::ioThreads);
        try {
            server = TftpServer.start(settings.build(), this::find, this::onTransfer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the TFTP port " + config.host() + ":" + config.port(), e);
        }
        registry.gauge("keyturn.delivery.tftp.active", server, TftpServer::activeTransfers);
        LOG.infof("TFTP listening on udp %s", server.localAddress());
    }

    void stop(@Observes ShutdownEvent event) {
        TftpServer s = server;
        if (s != null) {
            s.stop(Duration.ofSeconds(2));
        }
    }

    /** The bound address (the port is chosen by the system when configured as 0), if the listener runs. */
    public Optional<InetSocketAddress> localAddress() {
        TftpServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.localAddress());
    }

    private CompletionStage<Optional<byte[]>> find(String path, InetSocketAddress client) {
        FetchRequest request = FetchRequest.now(path, DeliveryProtocol.TFTP, FetchRequest.literal(client.getAddress()),
                null, null, clock);
        return gate.resolve(request).thenApply(answer -> {
            if (answer instanceof Gatekeeper.Answer.Serve serve) {
                if (pending.size() > 10_000) {
                    long now = System.nanoTime();
                    pending.values().removeIf(p -> now - p.request.startNanos() > STALE_NANOS);
                }
                pending.put(new Transfer(client, path), new Pending(request, serve.file()));
                return Optional.of(serve.file().content());
            }
            if (answer instanceof Gatekeeper.Answer.Unavailable) {
                throw new IllegalStateException("the file store is unavailable");
            }
            return Optional.empty();
        });
    }

    private void onTransfer(TftpTransferOutcome outcome) {
        Pending p = pending.remove(new Transfer(outcome.client(), outcome.path()));
        if (p != null) {
            FetchResult result = outcome.result() == TftpTransferResult.COMPLETED ? FetchResult.COMPLETED
                    : FetchResult.ABORTED;
            gate.served(p.request, p.file, result, outcome.bytes());
            return;
        }
        if (outcome.result() == TftpTransferResult.REFUSED) {
            FetchRequest request = FetchRequest.now(outcome.path(), DeliveryProtocol.TFTP,
                    FetchRequest.literal(outcome.client().getAddress()), null, null, clock);
            DenialReason reason = outcome.detail().contains("write") ? DenialReason.METHOD_NOT_ALLOWED
                    : DenialReason.MALFORMED_REQUEST;
            gate.refuse(request, reason, null, "tftp: " + outcome.detail());
        }
        // NOT_FOUND was reported when the lookup answered; BUSY is counted by the server's statistics.
    }

    private record Transfer(InetSocketAddress client, String path) {
    }

    private record Pending(FetchRequest request, StoredFile.Live file) {
    }
}
