package io.keyturn.registry.config;

import io.keyturn.events.SealedSecret;
import io.keyturn.registry.domain.SecretSealing;
import io.keyturn.sealing.SealingPublicKey;
import io.keyturn.sealing.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Seals to crypto-service's public key, read once at start from {@code keyturn.registry.staging-seal.public-key-file}. */
@ApplicationScoped
public class StagingSealer implements SecretSealing {

    private final SealingPublicKey recipient;

    @Inject
    public StagingSealer(RegistryConfig config) {
        try {
            this.recipient = SealingPublicKey.fromPem(
                    Files.readString(config.stagingSeal().publicKeyFile(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staging seal public key "
                    + config.stagingSeal().publicKeyFile(), e);
        }
    }

    @Override
    public SealedSecret seal(byte[] secret, String context) {
        return SecretSealer.seal(recipient, secret, context);
    }

    public String keyId() {
        return recipient.keyId();
    }
}
