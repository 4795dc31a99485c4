package io.keyturn.crypto.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A verified file, ready to publish: its bytes (ciphertext, or plain XML for stage 0 and mTLS bodies). */
public record SealedFile(byte[] content, String sha256) {

    public static SealedFile of(byte[] content) {
        try {
            return new SealedFile(content, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SealedFile[" + content.length + " bytes, sha256:" + sha256 + "]";
    }
}
