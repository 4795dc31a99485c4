package io.keyturn.testsupport;

import io.keyturn.devidentity.DevIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes the application verify bearer tokens against {@link TestIssuer}'s public key. */
public class DevIssuerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return config();
    }

    @Override
    public void stop() {
        // Nothing runs: the key files are deleted at JVM exit.
    }

    static Map<String, String> config() {
        return Map.of("smallrye.jwt.verify.key.location", TestIssuer.get().issuer().publicKeyFile().toUri().toString());
    }
}
