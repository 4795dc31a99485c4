package io.keyturn.localstack;

import io.keyturn.sealing.SealingKeyPair;
import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.DeviceCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The throw-away secrets one local stack runs with, under {@code secrets/} (mode 0700, files 0600): the
 * key-encryption keyring crypto-service wraps profile keys under, its staging-key sealing key pair (registry
 * gets only the public half), the service token delivery-service presents to crypto-service, and a device CA
 * with delivery's HTTPS certificate (devices' client certificates come from {@code keyturn dev device-cert}). In
 * production each of these is a Kubernetes Secret (deploy/README.md); here they are made on the first
 * {@code up} and kept with the data they protect, so a resumed stack can still unwrap its keys.
 */
record StackSecrets(Path dir) {

    static final String KEK_ID = "local-1";

    Path kekKeyring() {
        return dir.resolve("kek-keyring");
    }

    Path sealingPrivateKey() {
        return dir.resolve("staging-seal-key.pem");
    }

    Path sealingPublicKey() {
        return dir.resolve("staging-seal-public.pem");
    }

    Path deliveryToken() {
        return dir.resolve("delivery-service.token");
    }

    /** The throw-away device CA ({@code ca.pem}, {@code ca.key}): delivery trusts it, {@code dev device-cert} uses it. */
    Path deviceCa() {
        return dir.resolve("device-ca");
    }

    /**
     * The device CAs delivery trusts, one PEM each (delivery-service README, "Device CAs"): here only the throw-away
     * one, as {@code keyturn-dev.pem}. A vendor CA's PEM dropped in here is trusted within seconds, no restart.
     */
    Path deviceCas() {
        return dir.resolve("device-cas");
    }

    /**
     * delivery-service's HTTPS server certificate ({@code tls/tls.crt}), issued by the device CA for localhost and
     * 127.0.0.1. {@code keyturn tls install --to .keyturn/secrets/tls} replaces it; delivery reloads it.
     */
    Path deliveryTlsCert() {
        return dir.resolve("tls").resolve("tls.crt");
    }

    Path deliveryTlsKey() {
        return dir.resolve("tls").resolve("tls.key");
    }

    /**
     * Creates what is missing and re-mints the delivery token (tokens expire; the keys must not change, or the
     * stack's wrapped keys and sealed staging keys would no longer open).
     */
    static StackSecrets ensure(Path dir, DevIssuer issuer) throws StackException {
        StackSecrets secrets = new StackSecrets(dir);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(secrets.kekKeyring())) {
                byte[] kek = new byte[32];
                new SecureRandom().nextBytes(kek);
                writePrivate(secrets.kekKeyring(), KEK_ID + ":" + HexFormat.of().formatHex(kek) + "\n");
            }
            if (!Files.exists(secrets.sealingPrivateKey())) {
                SealingKeyPair pair = SealingKeyPair.generate();
                writePrivate(secrets.sealingPrivateKey(), pair.toPem());
                writePrivate(secrets.sealingPublicKey(), pair.publicKey().toPem());
            }
            if (!Files.exists(secrets.deviceCa().resolve("ca.pem"))) {
                DeviceCa.generate("keyturn local device CA").save(secrets.deviceCa());
            }
            if (!Files.exists(secrets.deviceCas().resolve("keyturn-dev.pem"))) {
                Files.createDirectories(secrets.deviceCas());
                writePrivate(secrets.deviceCas().resolve("keyturn-dev.pem"),
                        Files.readString(secrets.deviceCa().resolve("ca.pem"), StandardCharsets.US_ASCII));
            }
            if (!Files.exists(secrets.deliveryTlsCert())) {
                Files.createDirectories(secrets.deliveryTlsCert().getParent());
                DeviceCa.Issued server = DeviceCa.load(secrets.deviceCa())
                        .issueServer(Duration.ofDays(825), "localhost", "127.0.0.1");
                writePrivate(secrets.deliveryTlsKey(), server.privateKeyPem());
                writePrivate(secrets.deliveryTlsCert(), server.certificatePem());
            }
            writePrivate(secrets.deliveryToken(),
                    issuer.mint("delivery-service", List.of("keyturn-service"), DevIssuer.MAX_TTL));
        } catch (IOException e) {
            throw new StackException("cannot write the stack's secrets in " + dir + ": " + e.getMessage(), e);
        }
        return secrets;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
