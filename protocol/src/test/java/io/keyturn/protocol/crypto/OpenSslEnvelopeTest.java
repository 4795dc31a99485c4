package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import javax.crypto.Cipher;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenSslEnvelopeTest {

    private final OpenSslEnvelope envelope = new OpenSslEnvelope();

    static List<Vectors.Encrypted> md5Vectors() {
        return Vectors.encryptedWithMd5();
    }

    @Test
    void runsOnAJvmWhoseJceAllowsAes256Cbc() throws Exception {
        assertThat(Cipher.getMaxAllowedKeyLength("AES")).isGreaterThanOrEqualTo(256);
        assertThat(Cipher.getInstance("AES/CBC/PKCS5Padding").getBlockSize()).isEqualTo(16);
    }

    @ParameterizedTest
    @MethodSource("md5Vectors")
    void encryptsByteForByteLikeOpensslForTheSameSalt(Vectors.Encrypted vector) {
        byte[] plaintext = vector.plaintextBytes();

        byte[] file = envelope.encryptWithSalt(plaintext, 0, plaintext.length, ProfileKey.of(vector.passphrase()),
                vector.salt());

        assertThat(file).isEqualTo(vector.fileBytes());
    }

    @ParameterizedTest
    @MethodSource("md5Vectors")
    void decryptsFilesOpensslMade(Vectors.Encrypted vector) {
        byte[] plaintext = envelope.decrypt(vector.fileBytes(), ProfileKey.of(vector.passphrase()));

        assertThat(plaintext).isEqualTo(vector.plaintextBytes());
    }

    @Test
    void decryptsAFileWithTheRandomSaltOpensslChoseItself() {
        byte[] file = Vectors.bytes("profile.hex64.random-salt.gz.cfg");

        byte[] plaintext = envelope.decrypt(file, ProfileKey.of(Vectors.key("hex64")));

        assertThat(plaintext).isEqualTo(Vectors.bytes("profile.xml.gz"));
    }

    @Test
    void decryptsThePublishedGibberishVector() {
        String base64 = new String(Vectors.bytes("gibberish.b64"), StandardCharsets.US_ASCII).trim();
        assertThat(base64).isEqualTo("U2FsdGVkX1+21O5RB08bavFTq7Yq/gChmXrO3f00tvJaT55A5pPvqw0zFVnHSW1o");

        byte[] plaintext = envelope.decrypt(Base64.getDecoder().decode(base64), ProfileKey.of("password"));

        assertThat(new String(plaintext, StandardCharsets.US_ASCII)).isEqualTo("Made with Gibberish\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 31, 32, 1000})
    void writesSaltedHeaderAndWholePaddedBlocks(int length) {
        byte[] plaintext = new byte[length];

        byte[] file = envelope.encrypt(plaintext, ProfileKey.of("k"));

        assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("Salted__");
        assertThat(file).hasSize(OpenSslEnvelope.encryptedLength(length));
        assertThat((file.length - OpenSslEnvelope.HEADER_LENGTH) % 16).isZero();
        assertThat(file.length - OpenSslEnvelope.HEADER_LENGTH - length).isBetween(1, 16);
    }

    @Test
    void drawsAFreshSaltForEveryFile() {
        byte[] plaintext = Vectors.bytes("profile.xml");
        ProfileKey key = ProfileKey.of("same key");

        List<String> salts = IntStream.range(0, 200)
                .mapToObj(i -> Arrays.toString(Arrays.copyOfRange(envelope.encrypt(plaintext, key), 8, 16)))
                .distinct().toList();

        assertThat(salts).hasSize(200);
    }

    @Test
    void takesItsSaltFromTheGivenRandomSource() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0x42);
            }
        };

        byte[] file = new OpenSslEnvelope(fixed).encrypt(new byte[3], ProfileKey.of("k"));

        assertThat(Arrays.copyOfRange(file, 8, 16)).containsOnly(0x42);
    }

    @Test
    void encryptsOnlyTheGivenRangeOfTheInput() {
        byte[] padded = "xxxHELLOyyy".getBytes(StandardCharsets.US_ASCII);

        byte[] file = envelope.encrypt(padded, 3, 5, ProfileKey.of("k"));

        assertThat(envelope.decrypt(file, ProfileKey.of("k"))).asString(StandardCharsets.US_ASCII).isEqualTo("HELLO");
    }

    @Test
    void rejectsAWrongKey() {
        byte[] file = Vectors.bytes("profile.phrase.cfg");

        assertFailsWith(() -> envelope.decrypt(file, ProfileKey.of("Secret-Phrase_2008")), Reason.WRONG_KEY);
    }

    @Test
    void rejectsAFileWhoseKeyWasDerivedWithSha256() {
        Vectors.Encrypted sha256 = Vectors.encrypted("profile.phrase.sha256.cfg");

        assertFailsWith(() -> envelope.decrypt(sha256.fileBytes(), ProfileKey.of(sha256.passphrase())),
                Reason.WRONG_KEY);
    }

    @Test
    void decryptsTheSha256FileOnlyWithTheSha256Derivation() {
        Vectors.Encrypted sha256 = Vectors.encrypted("profile.phrase.sha256.cfg");

        OpenSslEnvelope.Decrypted plain =
                envelope.decrypt(sha256.fileBytes(), ProfileKey.of(sha256.passphrase()), KeyDerivation.SHA256);

        assertThat(Arrays.copyOf(plain.buffer(), plain.length())).isEqualTo(sha256.plaintextBytes());
    }

    @Test
    void rejectsAnEmptyFileAsTruncated() {
        assertFailsWith(() -> envelope.decrypt(new byte[0], ProfileKey.of("k")), Reason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 9, 15, 16, 17, 31, 100, 1887})
    void rejectsAFileCutInsideTheHeaderOrInsideABlockAsTruncated(int keep) {
        byte[] file = Arrays.copyOf(Vectors.bytes("profile.phrase.cfg"), keep);

        assertFailsWith(() -> envelope.decrypt(file, ProfileKey.of(Vectors.key("phrase"))), Reason.TRUNCATED);
    }

    @Test
    void rejectsAFileCutAtABlockBoundaryByItsPadding() {
        byte[] file = Arrays.copyOf(Vectors.bytes("profile.phrase.cfg"), 16 + 16 * 10);

        assertFailsWith(() -> envelope.decrypt(file, ProfileKey.of(Vectors.key("phrase"))), Reason.WRONG_KEY);
    }

    @Test
    void rejectsCiphertextThatIsNotWholeBlocks() {
        byte[] file = Arrays.copyOf(Vectors.bytes("profile.phrase.cfg"), 1888 + 5);

        assertThatThrownBy(() -> envelope.decrypt(file, ProfileKey.of(Vectors.key("phrase"))))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("1877 bytes, not a whole number of 16-byte AES blocks");
    }

    @Test
    void rejectsAPlainProfileAsNotEncryptedAndSaysWhatItLooksLike() {
        assertThatThrownBy(() -> envelope.decrypt(Vectors.bytes("profile.xml"), ProfileKey.of("k")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ENCRYPTED_PROFILE))
                .hasMessageContaining("plain XML profile");
        assertThatThrownBy(() -> envelope.decrypt(Vectors.bytes("profile.xml.gz"), ProfileKey.of("k")))
                .hasMessageContaining("gzip file that was never encrypted");
        assertThatThrownBy(() -> envelope.decrypt(Vectors.bytes("gibberish.b64"), ProfileKey.of("k")))
                .hasMessageContaining("base64");
    }

    @Test
    void rejectsAShortFileThatIsNotAHeaderPrefixAsNotEncrypted() {
        assertFailsWith(() -> envelope.decrypt("Salt!".getBytes(StandardCharsets.US_ASCII), ProfileKey.of("k")),
                Reason.NOT_ENCRYPTED_PROFILE);
        assertFailsWith(() -> envelope.decrypt("Salt".getBytes(StandardCharsets.US_ASCII), ProfileKey.of("k")),
                Reason.TRUNCATED);
    }

    @Test
    void neverChangesTheCallersArrays() {
        byte[] plaintext = Vectors.bytes("profile.xml");
        byte[] file = Vectors.bytes("profile.phrase.cfg");
        byte[] plaintextCopy = plaintext.clone();
        byte[] fileCopy = file.clone();

        envelope.encrypt(plaintext, ProfileKey.of("k"));
        envelope.decrypt(file, ProfileKey.of(Vectors.key("phrase")));

        assertThat(plaintext).isEqualTo(plaintextCopy);
        assertThat(file).isEqualTo(fileCopy);
    }

    static void assertFailsWith(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason));
    }
}
