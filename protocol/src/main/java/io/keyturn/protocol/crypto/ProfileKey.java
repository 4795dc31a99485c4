package io.keyturn.protocol.crypto;

import io.keyturn.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A profile key: the passphrase a device holds (in {@code GPP_A} or {@code GPP_SA}) and passes as
 * {@code [--key $A]} to open its encrypted profile.
 *
 * <p>The passphrase is used as literal bytes, exactly like {@code openssl enc -k}: a 64-hex-digit key is
 * <em>not</em> hex-decoded (spa-protocol.md §2.2). Only printable ASCII (0x20 to 0x7E) is accepted,
 * because how the firmware encodes anything else is unknown. Space, {@code ]}, {@code "} and {@code $}
 * are valid here but need care inside a Profile_Rule; the keys {@link ProfileKeys#newKey()} makes are
 * lowercase hex and never do.
 *
 * <p>A {@code ProfileKey} keeps the secret out of logs by construction: {@link #toString()} shows only
 * the {@link #fingerprint()}, and the passphrase comes out only through {@link #reveal()}, a name that
 * stands out in review wherever the key is about to be written into a profile or wrapped for storage.
 * Instances are immutable and thread-safe; {@link #equals} compares in constant time.
 */
public final class ProfileKey {

    /**
     * Domain separation for the fingerprint, so it can never equal (or be confused with) a plain
     * SHA-256 of the passphrase computed elsewhere; the version allows another scheme later. The same
     * definition as the events contract's {@code KeyFingerprint}, so the two always agree.
     */
    private static final byte[] FINGERPRINT_DOMAIN =
            "keyturn-key-fingerprint-v1:".getBytes(StandardCharsets.US_ASCII);

    /** Printable ASCII as bytes; never handed out, and never modified after construction. */
    private final byte[] passphrase;
    /** Computed on first use; a String is safely published even through a data race. */
    private String fingerprint;

    private ProfileKey(byte[] passphrase) {
        this.passphrase = passphrase;
    }

    /**
     * The key for a passphrase, as an operator or {@code GPP_A} holds it.
     *
     * @throws ProtocolException {@link ProtocolException.Reason#INVALID_KEY} if the passphrase is empty or
     *     holds anything but printable ASCII; the message gives the position, never the key
     */
    public static ProfileKey of(String passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.isEmpty()) {
            throw new ProtocolException(ProtocolException.Reason.INVALID_KEY,
                    "the key is empty; a profile key needs at least one printable ASCII character");
        }
        byte[] bytes = new byte[passphrase.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = passphrase.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ProtocolException(ProtocolException.Reason.INVALID_KEY,
                        "the key has " + (c > 0x7e ? "a non-ASCII" : "a control") + " character at position "
                                + (i + 1) + "; profile keys are printable ASCII only (spa-protocol.md §2.2)");
            }
            bytes[i] = (byte) c;
        }
        return new ProfileKey(bytes);
    }

    /**
     * The passphrase itself, to write into a profile ({@code GPP_A}) or to wrap for storage. Never log
     * it; log {@link #fingerprint()} instead.
     */
    public String reveal() {
        return new String(passphrase, StandardCharsets.US_ASCII);
    }

    /**
     * A stable name for this key that events and logs may carry: {@code sha256:} and the SHA-256, in
     * lowercase hex, of {@code keyturn-key-fingerprint-v1:} followed by the passphrase. An operator who
     * holds the key can recompute it: {@code printf 'keyturn-key-fingerprint-v1:%s' "$KEY" | sha256sum}.
     *
     * <p>It does not give the key away. SHA-256 cannot be inverted, and a generated key has 256 random
     * bits, far beyond any search. For a weak, human-chosen passphrase the fingerprint does allow a
     * dictionary guess to be checked, but so does every encrypted profile made with that key, which
     * anyone who learns its directory can download: the fingerprint adds no weakness the file does not
     * already have.
     */
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest sha256 = sha256();
            sha256.update(FINGERPRINT_DOMAIN);
            byte[] digest = sha256.digest(passphrase);
            result = "sha256:" + HexFormat.of().formatHex(digest);
            fingerprint = result;
        }
        return result;
    }

    /** The passphrase bytes without a copy, for the cipher in this package. Callers must not modify them. */
    byte[] bytes() {
        return passphrase;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProfileKey key && MessageDigest.isEqual(passphrase, key.passphrase);
    }

    /** Derived from the fingerprint, so not even a hash table's hash code is computed from the raw key. */
    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    /** Shows the fingerprint, never the key: {@code ProfileKey[fingerprint=sha256:3f5a…]}. */
    @Override
    public String toString() {
        return "ProfileKey[fingerprint=" + fingerprint() + "]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
