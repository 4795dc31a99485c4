package io.keyturn.sealing;

import io.keyturn.events.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Seals a secret to crypto-service's public key (HPKE base mode, RFC 9180: X25519, HKDF-SHA256,
 * AES-256-GCM), so that it can cross Kafka and another service's database unreadable.
 *
 * <p>The {@code context} (e.g. {@code keyturn/staging-key/v1/000e08aabbcc}) is bound into the key
 * schedule as HPKE {@code info}: a secret sealed for one device or use does not open for another,
 * so nobody who can write events can move a staging key from one device to another.
 */
public final class SecretSealer {

    private SecretSealer() {
    }

    /**
     * Seals {@code secret} to {@code recipient} for {@code context}; a fresh ephemeral key each call.
     *
     * @throws SealingException when the secret is empty or too large for a {@link SealedSecret}
     */
    public static SealedSecret seal(SealingPublicKey recipient, byte[] secret, String context) {
        if (secret == null || secret.length == 0) {
            throw new SealingException("nothing to seal");
        }
        if (secret.length + Hpke.ENC_SIZE + 16 > SealedSecret.MAX_BYTES) {
            throw new SealingException("a sealed secret holds at most "
                    + (SealedSecret.MAX_BYTES - Hpke.ENC_SIZE - 16) + " bytes, got " + secret.length);
        }
        byte[][] sealed;
        try {
            sealed = Hpke.suite().seal(recipient.parameters(), info(context), new byte[0], secret, null, null, null);
        } catch (InvalidCipherTextException e) {
            throw new SealingException("sealing failed", e);
        }
        byte[] ciphertext = sealed[0];
        byte[] enc = sealed[1];
        byte[] out = new byte[enc.length + ciphertext.length];
        System.arraycopy(enc, 0, out, 0, enc.length);
        System.arraycopy(ciphertext, 0, out, enc.length, ciphertext.length);
        return new SealedSecret(Hpke.ALGORITHM, recipient.keyId(), Base64.getEncoder().encodeToString(out));
    }

    static byte[] info(String context) {
        if (context == null || context.isBlank()) {
            throw new SealingException("a sealed secret needs a context naming its use");
        }
        return context.getBytes(StandardCharsets.UTF_8);
    }
}
