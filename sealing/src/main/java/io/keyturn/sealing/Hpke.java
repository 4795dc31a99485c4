package io.keyturn.sealing;

import org.bouncycastle.crypto.hpke.HPKE;

/** The one HPKE suite keyturn seals with (RFC 9180 base mode), kept in one place. */
final class Hpke {

    /** The {@code algorithm} a {@link io.keyturn.events.SealedSecret} sealed by this library names. */
    static final String ALGORITHM = "hpke-x25519-sha256-aes256gcm";
    /** X25519 encapsulated keys are 32 bytes; the sealed bytes are {@code enc || ciphertext}. */
    static final int ENC_SIZE = 32;

    private Hpke() {
    }

    static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }
}
