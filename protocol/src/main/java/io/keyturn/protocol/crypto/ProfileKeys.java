package io.keyturn.protocol.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

/**
 * Makes the secrets of a rotation generation (DESIGN.md §1 step 4): a fresh profile key and a fresh
 * download directory, both from {@link SecureRandom}. Thread-safe.
 */
public final class ProfileKeys {

    /** Random bits in a key from {@link #newKey()}. */
    public static final int KEY_BITS = 256;

    /**
     * Characters in a directory from {@link #newDirectory()}: 22 symbols drawn uniformly from the 62 of
     * {@code [A-Za-z0-9]} carry 22 × log2(62) ≈ 131 bits, above the 128 bits DESIGN.md asks for. The
     * directory is the only access control a TFTP fetch has (spa-protocol.md §7.2), so it must be
     * unguessable, not merely unique.
     */
    public static final int DIRECTORY_LENGTH = 22;

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** SecureRandom is thread-safe; one instance avoids reseeding per call. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProfileKeys() {
    }

    /**
     * A new profile key: 256 random bits written as 64 lowercase hex digits, e.g.
     * {@code 8e4ca2591e0b6d3f…}. The device uses those 64 characters as an {@code openssl enc -k}
     * passphrase (spa-protocol.md §7.2, "hex versus passphrase"); hex keeps the key free of characters
     * a Profile_Rule would need to quote.
     */
    public static ProfileKey newKey() {
        return newKey(RANDOM);
    }

    /**
     * A new download directory name: {@value #DIRECTORY_LENGTH} characters from {@code [A-Za-z0-9]},
     * about 131 bits of entropy, safe in a URL path and in TFTP file names without escaping.
     */
    public static String newDirectory() {
        return newDirectory(RANDOM);
    }

    static ProfileKey newKey(Random random) {
        byte[] bits = new byte[KEY_BITS / 8];
        random.nextBytes(bits);
        return ProfileKey.of(HexFormat.of().formatHex(bits));
    }

    static String newDirectory(Random random) {
        char[] name = new char[DIRECTORY_LENGTH];
        for (int i = 0; i < name.length; i++) {
            // nextInt(bound) rejects out-of-range draws, so every character is exactly uniform.
            name[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(name);
    }
}
