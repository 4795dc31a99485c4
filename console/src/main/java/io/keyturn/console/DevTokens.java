package io.keyturn.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Mints the local stack's dev tokens (as {@code keyturn dev token} does, with the dev issuer's key) for the
 * console's dev sign-in. Only a local stack configures the issuer directory; production has no such key.
 */
final class DevTokens {

    static final String ISSUER = "https://keyturn.local/dev";
    static final List<String> ROLES = List.of("fleet-admin", "operator", "auditor");
    static final Duration TTL = Duration.ofHours(8);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;

    private DevTokens(PrivateKey key) {
        this.key = key;
    }

    static DevTokens load(Path issuerDir) throws IOException {
        String text = Files.readString(issuerDir.resolve("private.pem"), StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return new DevTokens(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the dev issuer key in " + issuerDir + " is not a PKCS#8 RSA key");
        }
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
        long iat = now.getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"keyturn-dev\"}";
        // name and role are checked above against patterns that need no JSON escaping.
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"keyturn\",\"sub\":\"" + name + "\",\"upn\":\"" + name
                + "\",\"groups\":[\"" + role + "\"],\"iat\":" + iat + ",\"nbf\":" + iat + ",\"exp\":"
                + (iat + TTL.toSeconds()) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String input = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
        }
    }
}
