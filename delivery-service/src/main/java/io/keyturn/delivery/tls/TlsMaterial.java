package io.keyturn.delivery.tls;

import io.keyturn.delivery.config.DeliveryConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * The HTTPS listeners' certificate, key and device CAs, kept current without a restart.
 *
 * <p>Every {@code keyturn.delivery.https.reload-interval} the files are read and hashed; when the hash changes,
 * the new certificate, key and CAs are loaded and checked, and the listeners' key and trust managers switch to them
 * for new handshakes. Connections already established (a transfer in flight) keep their session. Polling the
 * content rather than watching for events is deliberate: a Kubernetes Secret or ConfigMap volume changes by
 * swapping a {@code ..data} symlink, which file watchers report unreliably, and a hash also ignores a touch.
 *
 * <p>A change that does not load (a certificate written before its key, a key that does not match, a broken PEM)
 * is logged and the previous material stays in use; the next change is tried again. So {@code keyturn tls install}
 * can write the two files one after the other.
 */
@ApplicationScoped
public class TlsMaterial {

    /** The material in use. */
    public record Loaded(ServerIdentity server, DeviceCaBundle cas, Instant loadedAt) {
    }

    private static final Logger LOG = Logger.getLogger(TlsMaterial.class);

    private final Vertx vertx;
    private final DeliveryConfig.Https config;
    private final Clock clock = Clock.systemUTC();
    private final ReloadingKeyManager keyManager = new ReloadingKeyManager();
    private final DeviceTrustManager trustManager;
    private final List<Consumer<Loaded>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService watcher;
    private volatile Loaded loaded;
    private volatile String seenHash;

    @Inject
    public TlsMaterial(Vertx vertx, DeliveryConfig config, HandshakeDenials denials) {
        this.vertx = vertx;
        this.config = config.https();
        this.trustManager = new DeviceTrustManager(denials, clock);
    }

    /** Whether a certificate, its key and at least one source of device CAs are configured. */
    public boolean configured() {
        return config.certFile().isPresent() && config.keyFile().isPresent()
                && (config.deviceCaFile().isPresent() || config.deviceCaDir().isPresent());
    }

    /**
     * Loads the files and starts watching them. Called once by the HTTPS endpoint before it listens.
     *
     * @throws TlsMaterialException when the files cannot be used; delivery then does not start, rather than
     *     serving devices a certificate nobody chose
     */
    public synchronized void start() throws TlsMaterialException {
        if (loaded != null) {
            return;
        }
        String hash = hashFiles();
        apply(load());
        seenHash = hash;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, config.reloadInterval().toMillis());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** What is in use now, if HTTPS is configured and started. */
    public Optional<Loaded> current() {
        return Optional.ofNullable(loaded);
    }

    /** Called with the material at start and after every reload (on the reloading thread). */
    public void onChange(Consumer<Loaded> listener) {
        listeners.add(listener);
        Loaded now = loaded;
        if (now != null) {
            listener.accept(now);
        }
    }

    /** The key managers for Vert.x: always the newest certificate. */
    public KeyManagerFactory keyManagerFactory() {
        return Factories.keyManagers(keyManager);
    }

    /** The trust managers for Vert.x: the newest CAs, and every refusal reported. */
    public TrustManagerFactory trustManagerFactory() {
        return Factories.trustManagers(trustManager);
    }

    /** Checks the files now and loads them if they changed; what the watcher runs. */
    void reloadIfChanged() {
        try {
            String hash = hashFiles();
            if (hash.equals(seenHash)) {
                return;
            }
            seenHash = hash;
            Loaded next = load();
            apply(next);
            LOG.infof("TLS material reloaded: server certificate %s (serial %s, until %s), %d device CAs %s",
                    next.server().leaf().getSubjectX500Principal(), next.server().leaf().getSerialNumber().toString(16),
                    next.server().leaf().getNotAfter().toInstant(), next.cas().cas().size(),
                    next.cas().cas().stream().map(DeviceCaBundle.TrustedCa::name).toList());
        } catch (TlsMaterialException e) {
            LOG.warnf("TLS files changed but cannot be used yet, still serving the previous ones: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "TLS reload failed, still serving the previous material");
        }
    }

    private Loaded load() throws TlsMaterialException {
        ServerIdentity server = ServerIdentity.load(vertx, config.certFile().orElseThrow(),
                config.keyFile().orElseThrow());
        DeviceCaBundle cas = DeviceCaBundle.load(config.deviceCaFile(), config.deviceCaDir());
        return new Loaded(server, cas, clock.instant());
    }

    private void apply(Loaded next) throws TlsMaterialException {
        DeviceTrustManager.Trust trust = new DeviceTrustManager.Trust(next.cas(), next.cas().pkix());
        trustManager.use(trust);
        keyManager.use(next.server());
        loaded = next;
        for (Consumer<Loaded> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warnf(e, "A TLS material listener failed");
            }
        }
    }

    /** SHA-256 over the names and contents of every file the material comes from. */
    private String hashFiles() throws TlsMaterialException {
        List<Path> files = new ArrayList<>();
        config.certFile().ifPresent(files::add);
        config.keyFile().ifPresent(files::add);
        config.deviceCaFile().ifPresent(files::add);
        if (config.deviceCaDir().isPresent()) {
            List<Path> inDir = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(config.deviceCaDir().get())) {
                entries.forEach(inDir::add);
            } catch (IOException e) {
                throw new TlsMaterialException("cannot list " + config.deviceCaDir().get() + ": " + e.getMessage(), e);
            }
            inDir.sort(null);
            files.addAll(inDir);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                if (Files.isRegularFile(f)) {
                    digest.update(Files.readAllBytes(f));
                }
                digest.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException("missing TLS file " + e.getFile(), e);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
