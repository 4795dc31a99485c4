package io.keyturn.delivery;

import io.keyturn.testsupport.DeviceCa;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Five test device CAs named like the vendor CAs delivery is meant to trust (real vendor certificates are not
 * available here), in a directory delivery reads as its CA bundle; a server certificate with 10 days left (so the
 * expiry warning is due), issued by {@code keyturn-dev}; the legacy TLS 1.0 port on. The files live in
 * {@code keyturn.test.tls-dir}, which the tests rewrite to exercise the reload.
 */
public class TlsTestResource implements QuarkusTestResourceLifecycleManager {

    /** The CA names, as the files are named. */
    public static final List<String> VENDORS = List.of("sipura", "linksys", "cisco-sb", "cisco-2k-sb", "keyturn-dev");

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("delivery-tls-it-");
            Path cas = Files.createDirectories(dir.resolve("device-cas"));
            for (String vendor : VENDORS) {
                DeviceCa ca = DeviceCa.generate("keyturn test " + vendor + " CA");
                ca.save(dir.resolve("ca-" + vendor));
                Files.writeString(cas.resolve(vendor + ".pem"), ca.certificatePem());
            }
            // Not a CA: a README in the directory is skipped, as in a real bundle directory.
            Files.writeString(cas.resolve("README.txt"), "vendor client CAs, one PEM each\n");
            DeviceCa.generate("keyturn test untrusted CA").save(dir.resolve("ca-untrusted"));
            DeviceCa.Issued server = DeviceCa.load(dir.resolve("ca-keyturn-dev"))
                    .issueServer(Duration.ofDays(10).plusHours(1), "127.0.0.1", "localhost");
            Files.writeString(dir.resolve("tls.key"), server.privateKeyPem());
            Files.writeString(dir.resolve("tls.crt"), server.certificatePem());
            Map<String, String> config = new HashMap<>();
            config.put("keyturn.test.tls-dir", dir.toString());
            config.put("keyturn.delivery.https.cert-file", dir.resolve("tls.crt").toString());
            config.put("keyturn.delivery.https.key-file", dir.resolve("tls.key").toString());
            config.put("keyturn.delivery.https.device-ca-file", "");
            config.put("keyturn.delivery.https.device-ca-dir", cas.toString());
            config.put("keyturn.delivery.https.reload-interval", "200ms");
            config.put("keyturn.delivery.https.legacy.enabled", "true");
            config.put("keyturn.delivery.https.legacy.port", "0");
            config.put("keyturn.delivery.https.denial-reports.burst", "100");
            config.put("keyturn.delivery.miss-limit.burst", "200");
            try (ServerSocket free = new ServerSocket(0)) {
                config.put("keyturn.test.free-port", Integer.toString(free.getLocalPort()));
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
