package io.keyturn.sealing;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * crypto-service's public X25519 sealing key, as other services hold it to seal secrets to it.
 *
 * <p>Its {@link #keyId()} is derived from the key itself, so no configuration has to name it and a
 * recipient with several key pairs (during a key change) finds the right one.
 */
public final class SealingPublicKey {

    private static final String PEM_LABEL = "PUBLIC KEY";

    private final byte[] raw;
    private final String keyId;

    SealingPublicKey(byte[] raw) {
        if (raw.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new SealingException("an X25519 public key is 32 bytes, got " + raw.length);
        }
        this.raw = raw.clone();
        this.keyId = "x25519-" + HexFormat.of().formatHex(sha256(raw), 0, 8);
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) holding an X25519 key.
     *
     * @throws SealingException when the text is not such a key
     */
    public static SealingPublicKey fromPem(String pem) {
        byte[] der = Pem.decode(pem, PEM_LABEL);
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new SealingException("not a public key in SubjectPublicKeyInfo form", e);
        }
        if (!(key instanceof X25519PublicKeyParameters x25519)) {
            throw new SealingException("the sealing key must be X25519, got " + key.getClass().getSimpleName());
        }
        return new SealingPublicKey(x25519.getEncoded());
    }

    /** The key as PEM {@code PUBLIC KEY}, for a file or a Kubernetes ConfigMap. */
    public String toPem() {
        try {
            byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameters()).getEncoded();
            return Pem.encode(PEM_LABEL, der);
        } catch (IOException e) {
            throw new SealingException("cannot encode the public key", e);
        }
    }

    /** {@code x25519-} and the first 16 hex digits of the key's SHA-256. */
    public String keyId() {
        return keyId;
    }

    X25519PublicKeyParameters parameters() {
        return new X25519PublicKeyParameters(raw, 0);
    }

    byte[] raw() {
        return raw.clone();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingPublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "SealingPublicKey[" + keyId + "]";
    }
}
