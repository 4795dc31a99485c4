package io.keyturn.console;

import io.keyturn.devidentity.DevIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The console's dev sign-in: checks what the form was given and has the local stack's dev issuer
 * ({@link DevIssuer}, the one {@code keyturn dev token} uses) mint the token. Only a local stack configures the
 * issuer directory; production has no such key.
 */
final class DevTokens {

    /** The roles an operator may sign in with (not the services' own). */
    static final List<String> ROLES = List.of("fleet-admin", "operator", "auditor");
    static final Duration TTL = Duration.ofHours(8);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final DevIssuer issuer;

    private DevTokens(DevIssuer issuer) {
        this.issuer = issuer;
    }

    static DevTokens load(Path issuerDir) throws IOException {
        return new DevTokens(DevIssuer.load(issuerDir));
    }

    /** The message for a bad name, or null when it is fine. */
    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            return "Enter a name (it appears in the audit trail of what you change).";
        }
        return NAME.matcher(name).matches() ? null : "Use 1 to 64 letters, digits, '.', '_', '@' or '-'.";
    }

    /** The message for a bad role, or null when it is fine. */
    static String checkRole(String role) {
        return ROLES.contains(role) ? null : "Choose one of: " + String.join(", ", ROLES) + ".";
    }

    String mint(String name, String role, Instant now) {
        if (checkName(name) != null || checkRole(role) != null) {
            throw new IllegalArgumentException("invalid name or role");
        }
        return issuer.mint(name, List.of(role), TTL, now);
    }
}
