package io.keyturn.protocol.fuzz;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import java.util.Arrays;

/**
 * Fuzz target for the profile cipher. Odd first byte: the rest is a file a device downloaded, opened with
 * a fixed key; it opens or is refused with a {@link ProtocolException}, never anything else. Even first
 * byte: the rest is a profile to seal; a profile that seals (with or without gzip) opens back byte for byte.
 */
public final class ProfileCipherFuzz {

    private static final ProfileKey KEY =
            ProfileKey.of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final ProfileCipher CIPHER = new ProfileCipher();

    private ProfileCipherFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1) {
            try {
                CIPHER.open(body, KEY);
            } catch (ProtocolException refused) {
                // refused with a reason: the contract
            }
            return;
        }
        byte[] sealed;
        try {
            sealed = CIPHER.seal(body, KEY, (input[0] & 2) == 2);
        } catch (ProtocolException refused) {
            return;
        }
        byte[] opened = CIPHER.open(sealed, KEY);
        if (!Arrays.equals(opened, body)) {
            throw new AssertionError("seal/open changed a profile of " + body.length + " bytes");
        }
    }
}
