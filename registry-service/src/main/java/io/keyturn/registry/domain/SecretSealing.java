package io.keyturn.registry.domain;

import io.keyturn.events.SealedSecret;

/**
 * Seals a secret to crypto-service's public key at once, so the registry never stores or sends it in the clear
 * (DESIGN.md §3). The context binds the sealed value to its use: {@code keyturn/staging-key/v1/<mac>} or
 * {@code keyturn/param/v1/<mac>/<ParamName>} (CONTRACTS.md).
 */
@FunctionalInterface
public interface SecretSealing {

    SealedSecret seal(byte[] secret, String context);

    static String stagingKeyContext(String mac) {
        return "keyturn/staging-key/v1/" + mac;
    }

    static String paramContext(String mac, String name) {
        return "keyturn/param/v1/" + mac + "/" + name;
    }
}
