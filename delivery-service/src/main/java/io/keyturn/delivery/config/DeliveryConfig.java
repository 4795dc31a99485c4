package io.keyturn.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code keyturn.delivery.*}: the listeners, the file cache, the fetch log and the miss limiter. */
@ConfigMapping(prefix = "keyturn.delivery")
public interface DeliveryConfig {

    Cache cache();

    Tftp tftp();

    Http http();

    Https https();

    Crypto crypto();

    FetchLog fetchLog();

    MissLimit missLimit();

    /** The in-memory cache in front of {@code published_file}. */
    interface Cache {
        /** Bytes of content (plus a small per-entry overhead) kept in memory; the rest is read on demand. */
        @WithDefault("268435456")
        long maxBytes();

        /** How often the replica reads the rows other replicas changed (the table's revision feed). */
        @WithDefault("500ms")
        Duration refreshInterval();

        /** Threads that read the table on a cache miss, off the serving threads. */
        @WithDefault("4")
        int lookupThreads();
    }

    /** The TFTP listener (UDP). */
    interface Tftp {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** 6969 in the local stack, 69 in production (KEYTURN_DELIVERY_TFTP_PORT), 0 for any free port. */
        @WithDefault("6969")
        int port();

        @WithDefault("512")
        int maxTransfers();

        /** Selector threads; default the number of cores, at most 4. */
        Optional<Integer> ioThreads();
    }

    /** Device paths on the plain HTTP port, which the operator REST API and health share. */
    interface Http {
        /**
         * Whether device HTTP has its own listener ({@code DeviceHttpListener}) on {@link #port()}, which passes
         * operator connections on to Quarkus; off, devices are served on Quarkus' HTTP port, through its router.
         */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        /** The public HTTP port: device paths, and the operator API and health, passed on to Quarkus. */
        @WithDefault("8084")
        int port();

        /** Event-loop threads, each with its own listening socket where the system allows; default the cores. */
        Optional<Integer> ioThreads();

        /** A connection with nothing read or written for this long is closed. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Path prefixes left to Quarkus (REST, health, metrics); every other path is a device path. */
        @WithDefault("/q/,/api/")
        List<String> operatorPrefixes();
    }

    /** The HTTPS listener with client certificates. */
    interface Https {
        /** Whether to open it; it also needs the three files below. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("8443")
        int port();

        /** The server certificate chain (PEM); it must be one the devices trust (spa-protocol.md §6). */
        Optional<Path> certFile();

        /** The server's private key (PEM, PKCS#8). */
        Optional<Path> keyFile();

        /** A device CA bundle (PEM): client certificates issued by one of these are accepted. */
        Optional<Path> deviceCaFile();

        /**
         * A directory of device CAs, one PEM file each, named after the vendor CA ({@code sipura.pem},
         * {@code linksys.pem}, {@code cisco-sb.pem}, {@code cisco-2k-sb.pem}, {@code keyturn-dev.pem}); used with or
         * instead of {@link #deviceCaFile()}. README.md, "Device CAs".
         */
        Optional<Path> deviceCaDir();

        /**
         * How often the certificate, key and CA files are checked for changes. A change is loaded for new
         * handshakes without a restart; connections already open keep theirs.
         */
        @WithDefault("10s")
        Duration reloadInterval();

        /** How often the server certificate's remaining days are checked for the expiry warning. */
        @WithDefault("1h")
        Duration expiryCheckInterval();

        /** Handshake refusals reported per source address (a token bucket); all are counted in the metrics. */
        DenialReports denialReports();

        /** The token bucket that keeps a flood of bad handshakes from one address from flooding Kafka. */
        interface DenialReports {
            @WithDefault("10")
            int burst();

            /** Reports per minute the bucket refills. */
            @WithDefault("6")
            int perMinute();
        }

        Legacy legacy();

        /** The legacy-device profile: TLS 1.0 with the AES-SHA suites of SPA firmware 2.0.6. Off by default. */
        interface Legacy {
            @WithDefault("false")
            boolean enabled();

            @WithDefault("8444")
            int port();
        }
    }

    /** crypto-service's internal endpoint for mTLS bootstrap bodies. */
    interface Crypto {
        @WithDefault("http://localhost:8082")
        String url();

        /** A file holding a bearer token with role keyturn-service; re-read when it changes. */
        Optional<Path> tokenFile();

        @WithDefault("5s")
        Duration timeout();
    }

    /** How fetch, denial and retired-path-hit events reach Kafka. */
    interface FetchLog {
        /** Events waiting for the outbox; beyond this, new events are dropped and counted. */
        @WithDefault("65536")
        int queueCapacity();

        /**
         * Events written per transaction at most. The writer takes whatever has queued, so under load one commit's
         * wait is shared by this many events: with 500 a peak of ~30,000 fetches/s dropped a third of its events.
         */
        @WithDefault("10000")
        int batchSize();

        /**
         * The least time between two writes: events gather meanwhile, so a steady flow costs a commit per linger
         * rather than one per handful of events. A fetch's event reaches the outbox this much later at most. 25 ms,
         * not 100: at 27,000 fetches/s, the writes (and the relay's steps, which follow them) of a tenth of a second's
         * events each took the cores from the requests long enough to make p99 3.4-4.9 ms, against 2.4-3.3 ms.
         */
        @WithDefault("25ms")
        Duration linger();

        /**
         * Events a write waits for once its {@code linger} has passed, until {@code max-linger}: a light stream then
         * costs a commit, and the relay a step, per few hundred events rather than per few dozen. A steady 2,000
         * TFTP transfers/s made a write of ~50 events every 25 ms, and the commits and relay steps took 8 % of the
         * transfers (2,740 transfers/s against 2,970 with 250 ms between writes, bench harness). A stream of more
         * than {@code linger-events} per linger (20,000 fetches/s at the defaults) still writes every linger.
         */
        @WithDefault("500")
        int lingerEvents();

        /** The most an event waits for {@code linger-events} to gather. */
        @WithDefault("250ms")
        Duration maxLinger();

        /**
         * Whether a batch is published straight to Kafka, the outbox taking only the events the broker did not
         * acknowledge; {@code false} sends every event through the outbox. Through the outbox, each event was written
         * to PostgreSQL, read back, unpacked and deleted by the relay: at a keep-alive peak that was 15-20 % of the
         * CPU the service and its PostgreSQL spent per request (bench harness, 35,000 requests/s).
         */
        @WithDefault("true")
        boolean direct();

        /** How long a batch sent straight to Kafka waits for the broker; what it did not acknowledge goes to the outbox. */
        @WithDefault("2s")
        Duration sendTimeout();

        /** After the broker failed a batch, how long batches go to the outbox before Kafka is tried again. */
        @WithDefault("30s")
        Duration fallbackFor();
    }

    /** The token bucket per source address that limits repeated misses. */
    interface MissLimit {
        /** Misses a source may make in a burst. */
        @WithDefault("20")
        int burst();

        /** Misses per minute the bucket refills. */
        @WithDefault("6")
        int perMinute();
    }
}
