package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips through the real {@code openssl enc} (spa-protocol.md §9.1 and §9.2), both ways, with and
 * without gzip. Skipped, with the reason in the test report, where openssl or gzip is not installed.
 */
class OpenSslInteropTest {

    private static final byte[] PROFILE = Vectors.bytes("profile.xml");

    @TempDir
    Path dir;

    private final ProfileCipher cipher = new ProfileCipher();

    @BeforeEach
    void needsOpenssl() {
        OpenSslCli.require("openssl");
    }

    static List<String> keys() {
        return List.of("Secret-Phrase_2009", Vectors.key("hex64"), "open sesame, said the SPA", "x",
                "$A ]\"quoted\" \\ -k");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void opensslDecryptsWhatWeSealWithoutGzip(String key) throws Exception {
        byte[] file = cipher.seal(PROFILE, key, false);

        assertThat(Arrays.copyOf(file, 8)).asString(StandardCharsets.US_ASCII).isEqualTo("Salted__");
        assertThat(OpenSslCli.decrypt(dir, file, key)).isEqualTo(PROFILE);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void opensslAndGunzipRecoverWhatWeSealWithGzip(String key) throws Exception {
        byte[] file = cipher.seal(PROFILE, key, true);

        byte[] gz = OpenSslCli.decrypt(dir, file, key);

        assertThat(OpenSslCli.gunzip(dir, gz)).isEqualTo(PROFILE);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void weOpenWhatOpensslEncrypts(String key) throws Exception {
        byte[] gz = Vectors.bytes("profile.xml.gz");

        assertThat(cipher.open(OpenSslCli.encrypt(dir, PROFILE, key), key)).isEqualTo(PROFILE);
        assertThat(cipher.open(OpenSslCli.encrypt(dir, gz, key), key)).isEqualTo(PROFILE);
    }

    static Stream<RandomProfiles.Case> cases() {
        return RandomProfiles.cases(20);
    }

    /** Seeded random profiles and keys, fewer than in the property tests: each case starts processes. */
    @ParameterizedTest
    @MethodSource("cases")
    void randomProfilesRoundTripThroughOpenssl(RandomProfiles.Case c) throws Exception {
        Random random = c.random();
        byte[] profile = RandomProfiles.profile(random);
        String key = RandomProfiles.key(random);
        boolean gzip = random.nextBoolean();

        byte[] ours = OpenSslCli.decrypt(dir, cipher.seal(profile, key, gzip), key);
        byte[] theirs = cipher.open(OpenSslCli.encrypt(dir, profile, key), key);

        assertThat(gzip ? OpenSslCli.gunzip(dir, ours) : ours).as("%s: openssl reads ours", c).isEqualTo(profile);
        assertThat(theirs).as("%s: we read openssl's", c).isEqualTo(profile);
    }
}
