package io.keyturn.crypto;

import io.keyturn.sealing.SealingKeyPair;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The KEK and the staging-key sealing pair the tests run with: made once per test JVM (rows wrapped by one test
 * class must still open in the next), never committed, so no key that ever wrapped anything lives in the repository.
 */
public class CryptoKeysResource implements QuarkusTestResourceLifecycleManager {

    /** The KEK id the tests see as active. */
    static final String KEK_ID = "kek-test";

    private static final String KEYRING;
    private static final String SEALING_PEM = SealingKeyPair.generate().toPem();

    static {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        KEYRING = KEK_ID + ":" + HexFormat.of().formatHex(kek);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "keyturn.crypto.kek.keyring", KEYRING,
                "keyturn.crypto.kek.active-id", KEK_ID,
                "keyturn.crypto.staging-seal.key", SEALING_PEM);
    }

    @Override
    public void stop() {
    }
}
