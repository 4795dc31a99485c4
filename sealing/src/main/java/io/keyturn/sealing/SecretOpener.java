package io.keyturn.sealing;

import io.keyturn.events.SealedSecret;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Opens secrets sealed by {@link SecretSealer} with one of crypto-service's key pairs, chosen by the
 * sealed secret's key id; several pairs may be loaded while the sealing key is being changed.
 */
public final class SecretOpener {

    private final Map<String, SealingKeyPair> byKeyId = new LinkedHashMap<>();

    public SecretOpener(List<SealingKeyPair> keyPairs) {
        if (keyPairs.isEmpty()) {
            throw new SealingException("an opener needs at least one key pair");
        }
        for (SealingKeyPair pair : keyPairs) {
            byKeyId.put(pair.keyId(), pair);
        }
    }

    /**
     * The secret, when {@code sealed} was sealed to one of this opener's keys for exactly
     * {@code context} and has not been altered.
     *
     * @throws SealingException naming the cause (unknown algorithm, unknown key id, wrong context or
     *     tampering); never any secret bytes
     */
    public byte[] open(SealedSecret sealed, String context) {
        if (!Hpke.ALGORITHM.equals(sealed.algorithm())) {
            throw new SealingException("unsupported sealing algorithm " + sealed.algorithm());
        }
        SealingKeyPair pair = byKeyId.get(sealed.recipientKeyId());
        if (pair == null) {
            throw new SealingException("sealed to key " + sealed.recipientKeyId() + ", which this service does not hold");
        }
        byte[] bytes = sealed.ciphertextBytes();
        if (bytes.length <= Hpke.ENC_SIZE + 16) {
            throw new SealingException("sealed secret too short");
        }
        byte[] enc = Arrays.copyOfRange(bytes, 0, Hpke.ENC_SIZE);
        byte[] ciphertext = Arrays.copyOfRange(bytes, Hpke.ENC_SIZE, bytes.length);
        HPKE hpke = Hpke.suite();
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(pair.privateRaw(), pair.publicKey().raw());
        try {
            return hpke.open(enc, recipient, SecretSealer.info(context), new byte[0], ciphertext, null, null, null);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new SealingException("the sealed secret does not open for this context with key "
                    + pair.keyId() + " (altered, or sealed for another use)");
        }
    }
}
