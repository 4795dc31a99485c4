package io.keyturn.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenSSL's {@code EVP_BytesToKey} with one iteration, the key derivation of {@code openssl enc -k}
 * (spa-protocol.md §2.2): D1 = H(pass‖salt), Di = H(Di-1‖pass‖salt); the AES-256 key is the first 32
 * bytes of D1‖D2‖…, the IV the next 16.
 *
 * <p>Java has no built-in equivalent: the JCE's PBEWithMD5And* ciphers are PKCS#5 v1.5 PBKDF1 and
 * cannot produce the 48 bytes needed (§8), hence the few lines below.
 */
enum KeyDerivation {
    /** What SPA firmware expects (tested against OpenSSL 0.9.7c): {@code openssl enc -md md5}. */
    MD5("MD5"),
    /**
     * The {@code openssl enc} default since OpenSSL 1.1.0. Devices cannot read such files; keyturn only
     * derives it to tell an operator that a file was made without {@code -md md5}.
     */
    SHA256("SHA-256");

    /** AES-256 key length in bytes. */
    static final int KEY_LENGTH = 32;
    /** AES block and IV length in bytes. */
    static final int IV_LENGTH = 16;

    private final String algorithm;

    KeyDerivation(String algorithm) {
        this.algorithm = algorithm;
    }

    /**
     * Key and IV for a passphrase and an 8-byte salt: 48 bytes, the key in [0, 32) and the IV in
     * [32, 48). The caller owns the array and should clear it once the cipher is initialised.
     */
    byte[] keyAndIv(byte[] passphrase, byte[] salt) {
        MessageDigest digest = newDigest();
        byte[] out = new byte[KEY_LENGTH + IV_LENGTH];
        byte[] previous = null;
        for (int filled = 0; filled < out.length; ) {
            if (previous != null) {
                digest.update(previous);
            }
            digest.update(passphrase);
            digest.update(salt);
            previous = digest.digest();
            int n = Math.min(previous.length, out.length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        Arrays.fill(previous, (byte) 0);
        return out;
    }

    private MessageDigest newDigest() {
        // getInstance costs tens of nanoseconds here; caching it per thread would not pay for itself.
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + algorithm, e);
        }
    }
}
