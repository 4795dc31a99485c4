package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyturn.protocol.ProtocolException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** No error message, stack trace or toString this package produces may contain a key. */
class SecretLeakTest {

    /** Distinctive enough that any fragment of it in output is a leak, not a coincidence. */
    private static final String SECRET = "Kx9Qv7Lm2Zp4Wt8Rj6Yh";
    private static final ProfileKey KEY = ProfileKey.of(SECRET);

    private final OpenSslEnvelope envelope = new OpenSslEnvelope();
    private final ProfileCipher cipher = new ProfileCipher();

    @Test
    void noFailureRevealsTheKey() {
        byte[] profile = Vectors.bytes("profile.xml");
        byte[] sealed = cipher.seal(profile, KEY, false);
        byte[] sealedGz = cipher.seal(profile, KEY, true);
        byte[] corruptGz = Vectors.bytes("profile.xml.gz").clone();
        corruptGz[corruptGz.length - 8] ^= 1;
        Vectors.Encrypted sha256 = Vectors.encrypted("profile.phrase.sha256.cfg");
        byte[] flipped = sealed.clone();
        flipped[16 + 16 * 40] ^= 1;
        List<ThrowingCallable> failures = List.of(
                () -> cipher.open(sealed, SECRET + "!"),
                () -> cipher.open(sealedGz, "x" + SECRET),
                () -> cipher.open(sealed, SECRET.substring(1)),
                () -> cipher.open(flipped, KEY),
                () -> cipher.open(Arrays.copyOf(sealed, 100), KEY),
                () -> cipher.open(Arrays.copyOf(sealed, 96), KEY),
                () -> cipher.open(profile, KEY),
                () -> cipher.open(new byte[0], KEY),
                () -> cipher.open(envelope.encrypt(corruptGz, KEY), KEY),
                () -> cipher.open(envelope.encrypt("not xml".getBytes(StandardCharsets.US_ASCII), KEY), KEY),
                () -> cipher.open(sha256.fileBytes(), SECRET),
                () -> cipher.seal("<flat-profile>".getBytes(StandardCharsets.US_ASCII), KEY, true),
                () -> cipher.seal(profile, SECRET + "\n", true),
                () -> cipher.seal(profile, SECRET + "\u00e9", true),
                () -> ProfileKey.of(SECRET + "\t"),
                // A fixed file, not one sealed with a fresh salt: the envelope alone catches a wrong key only by its
                // padding, which a random salt passes about once in 256 runs (then nothing is thrown). For this
                // file and key the padding check fails, every run.
                () -> envelope.decrypt(sha256.fileBytes(), ProfileKey.of(SECRET + "?")));

        List<String> outputs = new ArrayList<>();
        for (ThrowingCallable failure : failures) {
            Throwable thrown = catchThrowable(failure);
            assertThat(thrown).isInstanceOf(ProtocolException.class);
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            outputs.add(thrown.toString());
            outputs.add(trace.toString());
        }

        for (String output : outputs) {
            assertThat(output).doesNotContain(SECRET.substring(0, 8)).doesNotContain(SECRET.substring(8));
        }
    }

    @Test
    void keysPrintOnlyTheirFingerprint() {
        String text = KEY + " " + List.of(KEY) + " " + String.valueOf(KEY) + " " + ProfileKeys.newKey();

        assertThat(text).doesNotContain(SECRET.substring(0, 8)).contains(KEY.fingerprint());
        ProfileKey generated = ProfileKeys.newKey();
        assertThat(generated.toString()).doesNotContain(generated.reveal().substring(0, 8));
    }
}
