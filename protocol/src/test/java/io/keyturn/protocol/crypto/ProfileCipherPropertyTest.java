package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over seeded random profiles and keys: 500 cases each from {@code -Dkeyturn.seed}
 * (default {@value RandomProfiles#DEFAULT_SEED}); every assertion names its case and seed.
 */
class ProfileCipherPropertyTest {

    private final OpenSslEnvelope envelope = new OpenSslEnvelope();
    private final ProfileCipher cipher = new ProfileCipher();

    static Stream<RandomProfiles.Case> cases() {
        return RandomProfiles.cases(500);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void opensEverySealedProfileToTheSameBytes(RandomProfiles.Case c) {
        Random random = c.random();
        byte[] profile = RandomProfiles.profile(random);
        String key = RandomProfiles.key(random);
        boolean gzip = random.nextBoolean();

        byte[] file = cipher.seal(profile, key, gzip);

        assertThat(cipher.open(file, key)).as("%s (gzip %s)", c, gzip).isEqualTo(profile);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sealsTheSameProfileDifferentlyEachTime(RandomProfiles.Case c) {
        Random random = c.random();
        byte[] profile = RandomProfiles.profile(random);
        ProfileKey key = ProfileKey.of(RandomProfiles.key(random));
        boolean gzip = random.nextBoolean();

        byte[] first = cipher.seal(profile, key, gzip);
        byte[] second = cipher.seal(profile, key, gzip);

        assertThat(first).as("%s", c).isNotEqualTo(second);
        assertThat(first.length).as("%s: same length, different bytes", c).isEqualTo(second.length);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void neverOpensAProfileWithAnotherKey(RandomProfiles.Case c) {
        Random random = c.random();
        byte[] profile = RandomProfiles.profile(random);
        String key = RandomProfiles.key(random);
        String other = RandomProfiles.key(random);
        byte[] file = cipher.seal(profile, key, random.nextBoolean());

        if (!other.equals(key)) {
            assertThatThrownBy(() -> cipher.open(file, other)).as("%s", c)
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.reason()).isIn(Reason.WRONG_KEY, Reason.CORRUPT_PROFILE));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void envelopeDecryptsWhateverItEncrypts(RandomProfiles.Case c) {
        Random random = c.random();
        byte[] data = RandomProfiles.bytes(random);
        ProfileKey key = ProfileKey.of(RandomProfiles.key(random));

        byte[] file = envelope.encrypt(data, key);

        assertThat(file).as("%s", c).hasSize(OpenSslEnvelope.encryptedLength(data.length));
        assertThat(envelope.decrypt(file, key)).as("%s", c).isEqualTo(data);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gzipRoundTripsAndIsDeterministic(RandomProfiles.Case c) {
        byte[] data = RandomProfiles.bytes(c.random());

        Gzip.Compressed once = Gzip.compress(data);
        Gzip.Compressed twice = Gzip.compress(data);

        assertThat(java.util.Arrays.copyOf(once.buffer(), once.length()))
                .isEqualTo(java.util.Arrays.copyOf(twice.buffer(), twice.length()));
        assertThat(Gzip.decompress(once.buffer(), 0, once.length(), Integer.MAX_VALUE)).as("%s", c).isEqualTo(data);
    }
}
