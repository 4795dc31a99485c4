package io.keyturn.crypto.domain;

import java.util.Objects;

/** A secret wrapped under the KEK {@code kekId}: nonce, ciphertext and GCM tag. */
public record WrappedKey(String kekId, byte[] blob) {

    public WrappedKey {
        Objects.requireNonNull(kekId, "kekId");
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public String toString() {
        return "WrappedKey[kek=" + kekId + ", " + blob.length + " bytes]";
    }
}
