package io.keyturn.crypto.config;

import io.keyturn.crypto.domain.ChainPolicy;
import io.keyturn.crypto.domain.ChainWorkflow;
import io.keyturn.crypto.domain.DeviceStore;
import io.keyturn.crypto.domain.EventSink;
import io.keyturn.crypto.domain.KekException;
import io.keyturn.crypto.domain.KeyRing;
import io.keyturn.crypto.domain.ProfileRenderer;
import io.keyturn.crypto.domain.RenderSettings;
import io.keyturn.crypto.domain.SecretSource;
import io.keyturn.crypto.domain.VerifiedSealer;
import io.keyturn.crypto.spc.SpcProcess;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.protocol.crypto.GzipSegmentCache;
import io.keyturn.protocol.crypto.OpenSslEnvelope;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.sealing.SealingKeyPair;
import io.keyturn.sealing.SecretOpener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Builds the plain-Java domain objects from {@link CryptoConfig}: the KEK ring, the sealing keys, the workflow. */
@ApplicationScoped
public class CryptoBeans {

    @Produces
    @Singleton
    KeyRing keyRing(CryptoConfig config) {
        String text = config.kek().keyringFile().map(CryptoBeans::read).or(() -> config.kek().keyring())
                .orElseThrow(() -> new KekException("no KEK keyring: set keyturn.crypto.kek.keyring-file"
                        + " (KEYTURN_CRYPTO_KEK_KEYRING_FILE)"));
        return KeyRing.parse(text, config.kek().activeId());
    }

    @Produces
    @Singleton
    SecretSource secrets(CryptoConfig config) {
        String pem = config.stagingSeal().keyFile().map(CryptoBeans::read).or(() -> config.stagingSeal().key())
                .orElseThrow(() -> new IllegalStateException("no staging seal key: set"
                        + " keyturn.crypto.staging-seal.key-file (KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE)"));
        SecretOpener opener = new SecretOpener(List.of(SealingKeyPair.fromPem(pem)));
        return opener::open;
    }

    @Produces
    @Singleton
    ProfileRenderer renderer(CryptoConfig config) {
        CryptoConfig.Chain c = config.chain();
        RenderSettings settings = new RenderSettings(config.provisioningHost(), c.scheme(), c.keyLetter(),
                c.directoryLetter(), c.resyncPeriodic(), c.resyncErrorRetryDelay(), c.gzip());
        if (config.provisioningHttpsHost().isPresent()) {
            settings = new RenderSettings(settings.host(), config.provisioningHttpsHost().get(), settings.chainScheme(),
                    settings.keyLetter(), settings.directoryLetter(), settings.resyncPeriodic(),
                    settings.resyncErrorRetryDelay(), settings.gzip());
        }
        return new ProfileRenderer(settings);
    }

    /**
     * The compressed gzip segments every render shares, with {@code keyturn_crypto_gzip_segment_cache_hits_total},
     * {@code _misses_total} (segments deflated), {@code _bytes} and {@code _segments}.
     */
    @Produces
    @Singleton
    GzipSegmentCache segmentCache(CryptoConfig config, MeterRegistry registry) {
        GzipSegmentCache cache = new GzipSegmentCache(config.chain().gzipSegmentCacheBytes());
        FunctionCounter.builder("keyturn.crypto.gzip.segment.cache.hits", cache, GzipSegmentCache::hits)
                .description("gzip segments of rendered profiles found compressed in the cache").register(registry);
        FunctionCounter.builder("keyturn.crypto.gzip.segment.cache.misses", cache, GzipSegmentCache::misses)
                .description("gzip segments of rendered profiles deflated because the cache did not hold them")
                .register(registry);
        Gauge.builder("keyturn.crypto.gzip.segment.cache.bytes", cache, GzipSegmentCache::bytes)
                .description("bytes held by the gzip segment cache, bounded by"
                        + " keyturn.crypto.chain.gzip-segment-cache-bytes").register(registry);
        Gauge.builder("keyturn.crypto.gzip.segment.cache.segments", cache, GzipSegmentCache::segments)
                .description("gzip segments held by the cache").register(registry);
        return cache;
    }

    @Produces
    @Singleton
    ChainWorkflow workflow(CryptoConfig config, DeviceStore store, EventSink events, ProfileRenderer renderer,
            SecretSource secrets, Clock clock, GzipSegmentCache segments) {
        String mode = config.stage0().bootstrapMode();
        BootstrapMode stage0 = BootstrapMode.MTLS.code().equals(mode) ? BootstrapMode.MTLS
                : BootstrapMode.SPC_TARGET.code().equals(mode) ? BootstrapMode.SPC_TARGET : BootstrapMode.STAGING_KEY;
        return new ChainWorkflow(store, events, renderer, new VerifiedSealer(new ProfileCipher(new OpenSslEnvelope(),
                ProfileCipher.DEFAULT_MAX_PROFILE_BYTES, segments)), secrets,
                new ChainPolicy(config.chain().maxUnconfirmed(), config.chain().retirementGrace()), clock,
                ProfileKeys::newKey, ProfileKeys::newDirectory, stage0,
                config.spc().path().map(p -> new SpcProcess(Path.of(p), config.spc().timeout(),
                        Path.of(System.getProperty("java.io.tmpdir")))).orElse(null));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
