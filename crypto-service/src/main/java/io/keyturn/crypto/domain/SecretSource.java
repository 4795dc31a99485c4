package io.keyturn.crypto.domain;

import io.keyturn.events.SealedSecret;

/** Opens secrets sealed to crypto-service's public key; the context binds each to its device and use. */
public interface SecretSource {

    /**
     * @throws RuntimeException with a secret-free message when the secret does not open (wrong key, tampering,
     *     another context)
     */
    byte[] open(SealedSecret sealed, String context);

    static String stagingKeyContext(String mac) {
        return "keyturn/staging-key/v1/" + mac;
    }

    static String parameterContext(String mac, String name) {
        return "keyturn/param/v1/" + mac + "/" + name;
    }
}
