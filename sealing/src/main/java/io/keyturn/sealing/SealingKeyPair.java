package io.keyturn.sealing;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * crypto-service's X25519 key pair for opening sealed secrets. Only crypto-service holds one; its
 * {@link #toString()} names the key id, never the private key.
 */
public final class SealingKeyPair {

    private static final String PEM_LABEL = "PRIVATE KEY";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X25519PrivateKeyParameters privateKey;
    private final SealingPublicKey publicKey;

    private SealingKeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new SealingPublicKey(privateKey.generatePublicKey().getEncoded());
    }

    /** A fresh key pair from a strong random source. */
    public static SealingKeyPair generate() {
        return new SealingKeyPair(new X25519PrivateKeyParameters(RANDOM));
    }

    /**
     * Reads a PEM {@code PRIVATE KEY} (PKCS#8, unencrypted: the file's permissions and the Kubernetes
     * Secret protect it) holding an X25519 key, e.g. one made by {@code openssl genpkey -algorithm X25519}.
     *
     * @throws SealingException when the text is not such a key; the message holds no key bytes
     */
    public static SealingKeyPair fromPem(String pem) {
        byte[] der = Pem.decode(pem, PEM_LABEL);
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(der);
        } catch (IOException | RuntimeException e) {
            throw new SealingException("not a private key in PKCS#8 form");
        }
        if (!(key instanceof X25519PrivateKeyParameters x25519)) {
            throw new SealingException("the sealing key must be X25519, got " + key.getClass().getSimpleName());
        }
        return new SealingKeyPair(x25519);
    }

    /** The private key as PEM {@code PRIVATE KEY} (PKCS#8), for the recipient's secret file. */
    public String toPem() {
        try {
            return Pem.encode(PEM_LABEL, PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded());
        } catch (IOException e) {
            throw new SealingException("cannot encode the private key");
        }
    }

    public SealingPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return publicKey.keyId();
    }

    byte[] privateRaw() {
        return privateKey.getEncoded();
    }

    @Override
    public String toString() {
        return "SealingKeyPair[" + keyId() + "]";
    }
}
