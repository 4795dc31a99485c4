package io.keyturn.crypto.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** crypto-service's settings, {@code keyturn.crypto.*}. */
@ConfigMapping(prefix = "keyturn.crypto")
public interface CryptoConfig {

    /** The host devices fetch from (delivery-service as devices resolve it); %prod KEYTURN_CRYPTO_PROVISIONING_HOST. */
    String provisioningHost();

    /**
     * host[:port] of delivery-service's client-authenticated HTTPS listener, named by mTLS bootstrap and recovery
     * URLs; absent = the provisioning host on port 443. %prod KEYTURN_CRYPTO_PROVISIONING_HTTPS_HOST (optional).
     */
    Optional<String> provisioningHttpsHost();

    Chain chain();

    Kek kek();

    StagingSeal stagingSeal();

    Stage0 stage0();

    /** How often keyturn_devices_stranded is recounted (one aggregate query over the chain tables). */
    @WithDefault("30s")
    Duration strandedInterval();

    Spc spc();

    interface Spc {
        /** The vendor {@code spc} binary that makes spc-target bootstraps; absent = that mode is refused. */
        Optional<String> path();

        /** How long one {@code spc --target} run may take before it is killed. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Chain {
        /** Scheme of the chain rule. */
        @WithDefault("http")
        String scheme();

        /** GPP letter holding the key: A (Cisco's guide) or SA (hidden, the hardening option). */
        @WithDefault("A")
        String keyLetter();

        /** GPP letter holding the directory. */
        @WithDefault("B")
        String directoryLetter();

        /** Generations that may be issued beyond the confirmed one. */
        @WithDefault("3")
        int maxUnconfirmed();

        /** How long a retired key is kept before it is overwritten. */
        @WithDefault("PT0S")
        Duration retirementGrace();

        /** How often retired keys whose grace period ended are overwritten. */
        @WithDefault("60s")
        Duration destroyInterval();

        /** Resync_Periodic in every rendered profile. */
        @WithDefault("3600")
        String resyncPeriodic();

        /** Resync_Error_Retry_Delay in every rendered profile. */
        @WithDefault("600")
        String resyncErrorRetryDelay();

        /** Gzip profiles before encrypting them. */
        @WithDefault("true")
        boolean gzip();

        /**
         * Bytes of compressed gzip segments kept for reuse across devices and rotations (template segments are
         * deflated once); 0 deflates every segment every time.
         */
        @WithDefault("33554432")
        long gzipSegmentCacheBytes();
    }

    interface Kek {
        /** The keyring file, one {@code <id>:<64 hex>} line per KEK (KEYTURN_CRYPTO_KEK_KEYRING_FILE). */
        Optional<String> keyringFile();

        /** The keyring inline, for %dev and %test only. */
        Optional<String> keyring();

        /** The id new keys are wrapped under (KEYTURN_CRYPTO_KEK_ACTIVE_ID). */
        String activeId();

        /** How often keyturn_kek_wrapped_keys is recounted. */
        @WithDefault("30s")
        Duration metricsInterval();

        /** Rows rewrapped per transaction by POST /api/v1/kek:rewrap. */
        @WithDefault("200")
        int rewrapBatchSize();
    }

    interface StagingSeal {
        /** PKCS#8 PEM of the X25519 key staging keys are sealed to (KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE). */
        Optional<String> keyFile();

        /** The same PEM inline, for %dev and %test only. */
        Optional<String> key();
    }

    interface Stage0 {
        /** The bootstrap the stage-0 files lead to: staging-key or mtls. */
        @WithDefault("staging-key")
        String bootstrapMode();

        /** The product series ($PSN) to publish stage-0 files for at start. */
        @WithDefault("901,921,922,941,942,962,501,502,504,508,509,525,2102,3102,112,122")
        List<String> psns();
    }
}
