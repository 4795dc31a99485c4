package io.keyturn.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.keyturn.events.internal.Checks;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Names a key without revealing it: {@code sha256:} and the SHA-256, in lowercase hex, of the ASCII
 * text {@code keyturn-key-fingerprint-v1:} followed by the key's passphrase (the 64 hex characters
 * a device gets in {@code --key}). An operator holding a key can recompute it:
 * {@code printf 'keyturn-key-fingerprint-v1:%s' "$KEY" | sha256sum}.
 *
 * <p>The prefix separates this digest from any other use of SHA-256 over the same key; the keys are
 * 256-bit random values, so the digest gives no practical way back to the key.
 *
 * @param value the fingerprint text, {@code sha256:} and 64 lowercase hex digits
 */
public record KeyFingerprint(String value) {

    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final byte[] DOMAIN = "keyturn-key-fingerprint-v1:".getBytes(StandardCharsets.US_ASCII);

    /**
     * Checks the field rules above.
     *
     * @throws EventContractException {@code invalid-field}, naming the first field that breaks its
     *     rule
     */
    public KeyFingerprint {
        Checks.matching("keyFingerprint", value, FORMAT, "must be sha256: and 64 lowercase hexadecimal digits");
    }

    /** Reads a fingerprint in its text form; the inverse of {@link #value()}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static KeyFingerprint parse(String value) {
        return new KeyFingerprint(value);
    }

    /** The fingerprint of a key given as its passphrase bytes (ASCII). The array is not kept. */
    public static KeyFingerprint of(byte[] passphrase) {
        Checks.required("passphrase", passphrase);
        MessageDigest sha256 = sha256();
        sha256.update(DOMAIN);
        sha256.update(passphrase);
        return new KeyFingerprint("sha256:" + Checks.hex(sha256.digest()));
    }

    /** The fingerprint of a key given as its passphrase characters. Intermediate bytes are wiped. */
    public static KeyFingerprint of(char[] passphrase) {
        Checks.required("passphrase", passphrase);
        ByteBuffer encoded = StandardCharsets.US_ASCII.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    /** The text form, {@code sha256:} and 64 lowercase hex digits; also the JSON form. */
    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** The text form: a fingerprint is safe to show. */
    @Override
    public String toString() {
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
