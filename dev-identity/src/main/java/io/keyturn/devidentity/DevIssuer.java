package io.keyturn.devidentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A throw-away token issuer for the local stack and the tests: an RSA key pair kept in a directory
 * ({@code private.pem}, mode 0600, and {@code public.pem}, which the services verify against) and RS256 bearer
 * tokens that carry the caller's roles in the MicroProfile JWT {@code groups} claim.
 */
public final class DevIssuer {

    public static final String ISSUER = "https://keyturn.local/dev";
    public static final String AUDIENCE = "keyturn";
    /** The operator roles, and {@code keyturn-service} for calls between services (delivery to crypto). */
    public static final Set<String> ROLES = Set.of("fleet-admin", "operator", "auditor", "keyturn-service");
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private static final String PRIVATE_FILE = "private.pem";
    private static final String PUBLIC_FILE = "public.pem";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final Path dir;
    private final PrivateKey privateKey;

    private DevIssuer(Path dir, PrivateKey privateKey) {
        this.dir = dir;
        this.privateKey = privateKey;
    }

    /** Makes a fresh key pair in {@code dir} (created if needed), replacing any earlier one. */
    public static DevIssuer create(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
        Files.createDirectories(dir);
        writePrivate(dir.resolve(PRIVATE_FILE), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.write(dir.resolve(PUBLIC_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new DevIssuer(dir, pair.getPrivate());
    }

    /** Loads the key pair that {@link #create} left in {@code dir}. */
    public static DevIssuer load(Path dir) throws IOException {
        Path file = dir.resolve(PRIVATE_FILE);
        if (!Files.isReadable(file)) {
            throw new IOException("no dev issuer key in " + dir);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return new DevIssuer(dir, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the dev issuer key in " + dir + " is not a PKCS#8 RSA key", e);
        }
    }

    /** The PEM public key the services verify tokens with ({@code mp.jwt.verify.publickey.location}). */
    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_FILE);
    }

    /** A token for {@code subject} with {@code roles}, valid for {@code ttl} from now. */
    public String mint(String subject, Collection<String> roles, Duration ttl) {
        return mint(subject, roles, ttl, Instant.now());
    }

    /**
     * A token for {@code subject} with {@code roles}, valid from {@code now} for {@code ttl}.
     *
     * @throws IllegalArgumentException for a subject outside {@code [A-Za-z0-9._@-]{1,64}}, an unknown role, or a
     *     ttl that is not positive or exceeds {@link #MAX_TTL}
     */
    public String mint(String subject, Collection<String> roles, Duration ttl, Instant now) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject must be 1 to 64 of A-Z a-z 0-9 . _ @ -, not '" + subject + "'");
        }
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "' (known: " + String.join(", ", sorted(ROLES)) + ")");
            }
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL.toDays() + " days, not " + ttl);
        }
        long iat = now.getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"keyturn-dev\"}";
        // Every value is either validated above to need no escaping, a number, or a constant.
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"upn\":\"" + subject + "\",\"groups\":["
                + sorted(roles).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + iat + ",\"nbf\":" + iat + ",\"exp\":" + (iat + ttl.toSeconds())
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
        }
    }

    /** Creates the file with mode 0600 before the key is written to it, then moves it into place. */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().distinct().sorted().toList();
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "DevIssuer[" + ISSUER + ", " + dir + "]";
    }
}
