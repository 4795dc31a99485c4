package io.keyturn.protocol.crypto;

import static io.keyturn.protocol.crypto.OpenSslEnvelopeTest.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"x", "Secret-Phrase_2009", "open sesame, said the SPA", " ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"})
    void acceptsAnyPrintableAsciiPassphrase(String passphrase) {
        assertThat(ProfileKey.of(passphrase).reveal()).isEqualTo(passphrase);
    }

    @Test
    void rejectsAnEmptyKey() {
        assertFailsWith(() -> ProfileKey.of(""), Reason.INVALID_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zq7x\tRw", "Zq7x\nRw", "Zq7x\0Rw", "Zq7x\u007fRw", "Zq7x\u00e9Rw", "Zq7x\u2603Rw"})
    void rejectsControlAndNonAsciiCharactersWithoutQuotingTheKey(String passphrase) {
        assertThatThrownBy(() -> ProfileKey.of(passphrase))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY))
                .hasMessageContaining("at position 5")
                .hasMessageNotContaining("Zq7x").hasMessageNotContaining("Rw");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ProfileKey.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void showsOnlyItsFingerprintInToString() {
        ProfileKey key = ProfileKey.of("Secret-Phrase_2009");

        assertThat(key).hasToString(
                "ProfileKey[fingerprint=sha256:ae9136ac3f4ec19e881947cc712e3c73beb1661b4a1eaf7af50fb25a7bac5392]");
        assertThat(key.toString()).doesNotContain("Secret").doesNotContain("2009");
    }

    @Test
    void fingerprintsWithDomainSeparatedSha256() {
        // Values from: printf 'keyturn-key-fingerprint-v1:33a22ae9b709c5960518fa6667bc89fe9ce78a16edd4c9425023936f0eeded01' KEY | sha256sum (the events contract's definition)
        assertThat(ProfileKey.of("Secret-Phrase_2009").fingerprint())
                .isEqualTo("sha256:ae9136ac3f4ec19e881947cc712e3c73beb1661b4a1eaf7af50fb25a7bac5392");
        assertThat(ProfileKey.of(Vectors.key("hex64")).fingerprint())
                .isEqualTo("sha256:33a22ae9b709c5960518fa6667bc89fe9ce78a16edd4c9425023936f0eeded01");
    }

    @Test
    void fingerprintIsNotAPlainHashOfTheKey() {
        // sha256("Secret-Phrase_2009") starts differently: the domain prefix keeps the two apart.
        ProfileKey key = ProfileKey.of("Secret-Phrase_2009");

        assertThat(key.fingerprint()).matches("sha256:[0-9a-f]{64}")
                .isNotEqualTo(sha256Prefix("Secret-Phrase_2009"));
    }

    @Test
    void differentKeysHaveDifferentFingerprints() {
        assertThat(ProfileKey.of("a").fingerprint()).isNotEqualTo(ProfileKey.of("b").fingerprint());
        assertThat(ProfileKey.of("a").fingerprint()).isEqualTo(ProfileKey.of("a").fingerprint());
    }

    @Test
    void equalsByPassphrase() {
        assertThat(ProfileKey.of("same")).isEqualTo(ProfileKey.of("same")).hasSameHashCodeAs(ProfileKey.of("same"));
        assertThat(ProfileKey.of("same")).isNotEqualTo(ProfileKey.of("Same")).isNotEqualTo("same");
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
