package io.keyturn.events;

import io.keyturn.events.internal.Checks;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A secret sealed to one recipient's public key (crypto-service's), so that it can cross Kafka and
 * other services' databases without anyone but the recipient being able to read it (DESIGN.md §3).
 * The contract treats it as opaque: it never seals or opens anything.
 *
 * <p>{@link #toString()} shows the ciphertext's size and SHA-256, never the ciphertext.
 *
 * @param algorithm the sealing scheme, e.g. {@code hpke-x25519-sha256-aes256gcm}: letters, digits,
 *     {@code . _ + -}, at most 64 characters
 * @param recipientKeyId which of the recipient's public keys it was sealed to, so the recipient
 *     can rotate its key pair: letters, digits, {@code . _ : -}, at most 128 characters
 * @param ciphertext the sealed bytes in canonical standard Base64, 1 to 16384 bytes once decoded
 */
public record SealedSecret(String algorithm, String recipientKeyId, String ciphertext) {

    /** The most bytes a sealed secret may hold once decoded. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final Pattern ALGORITHM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * Checks the field rules above.
     *
     * @throws EventContractException {@code invalid-field}, naming the first field that breaks its
     *     rule
     */
    public SealedSecret {
        Checks.matching("algorithm", algorithm, ALGORITHM,
                "must be letters, digits, . _ + - (at most 64 characters)");
        Checks.matching("recipientKeyId", recipientKeyId, KEY_ID,
                "must be letters, digits, . _ : - (at most 128 characters)");
        Checks.base64("ciphertext", ciphertext, MAX_BYTES);
    }

    /** The sealed bytes, decoded; a fresh array each call. */
    public byte[] ciphertextBytes() {
        return Base64.getDecoder().decode(ciphertext);
    }

    @Override
    public String toString() {
        byte[] bytes = ciphertextBytes();
        return "SealedSecret[algorithm=" + algorithm + ", recipientKeyId=" + recipientKeyId
                + ", ciphertext=" + bytes.length + " bytes sha256:" + Checks.sha256Hex(bytes) + "]";
    }
}
