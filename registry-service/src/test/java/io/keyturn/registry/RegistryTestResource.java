package io.keyturn.registry;

import io.keyturn.sealing.SealingKeyPair;
import io.keyturn.testsupport.ServiceTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ServiceTestResource} plus a throw-away sealing key pair standing in for crypto-service's: the registry gets
 * the public half, and tests open what it sealed with the private half ({@link #privateKeyFile}), found beside it.
 */
public class RegistryTestResource extends ServiceTestResource {

    static final String PUBLIC_KEY_PROPERTY = "keyturn.registry.staging-seal.public-key-file";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            Path dir = Files.createTempDirectory("registry-seal");
            SealingKeyPair pair = SealingKeyPair.generate();
            Files.writeString(dir.resolve("public.pem"), pair.publicKey().toPem(), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("private.pem"), pair.toPem(), StandardCharsets.US_ASCII);
            config.put(PUBLIC_KEY_PROPERTY, dir.resolve("public.pem").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Small relay batches, so the tests that interrupt the relay land in the middle of one.
        config.put("keyturn.platform.outbox.batch-size", "50");
        return config;
    }

    /** The private half of the key the running registry seals to. */
    public static SealingKeyPair privateKey(String publicKeyFile) {
        try {
            return SealingKeyPair.fromPem(Files.readString(Path.of(publicKeyFile).resolveSibling("private.pem"),
                    StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
