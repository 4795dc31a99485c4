package io.keyturn.testsupport;

import io.keyturn.devidentity.DevIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The dev token issuer of this test JVM; tests mint bearer tokens the services under test accept. */
public final class TestIssuer {

    private static TestIssuer instance;

    private final DevIssuer issuer;

    private TestIssuer(DevIssuer issuer) {
        this.issuer = issuer;
    }

    public static synchronized TestIssuer get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("keyturn-test-issuer");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirs.deleteQuietly(dir), "test-issuer-clean"));
                instance = new TestIssuer(DevIssuer.create(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the test token issuer", e);
            }
        }
        return instance;
    }

    /** A one-hour token for {@code subject} with {@code roles} (fleet-admin, operator, auditor). */
    public String token(String subject, String... roles) {
        return issuer.mint(subject, List.of(roles), Duration.ofHours(1));
    }

    /** {@code "Bearer <token>"}, for an Authorization header. */
    public String bearer(String subject, String... roles) {
        return "Bearer " + token(subject, roles);
    }

    public DevIssuer issuer() {
        return issuer;
    }
}
