package io.keyturn.protocol.crypto;

import static io.keyturn.protocol.crypto.OpenSslEnvelopeTest.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileCipherTest {

    private static final byte[] PROFILE = Vectors.bytes("profile.xml");
    private static final ProfileKey KEY = ProfileKey.of("a key for these tests");

    private final OpenSslEnvelope envelope = new OpenSslEnvelope();
    private final ProfileCipher cipher = new ProfileCipher();

    static List<Vectors.Encrypted> opensslProfiles() {
        return Vectors.encryptedWithMd5().stream().filter(v -> v.plaintext().startsWith("profile.xml")).toList();
    }

    @ParameterizedTest
    @MethodSource("opensslProfiles")
    void opensProfilesOpensslEncrypted(Vectors.Encrypted vector) {
        assertThat(cipher.open(vector.fileBytes(), vector.passphrase())).isEqualTo(PROFILE);
    }

    @Test
    void opensAGzippedProfileOpensslEncryptedWithItsOwnRandomSalt() {
        byte[] file = Vectors.bytes("profile.hex64.random-salt.gz.cfg");

        assertThat(cipher.open(file, Vectors.key("hex64"))).isEqualTo(PROFILE);
    }

    @Test
    void sealsWithoutGzipExactlyTheProfileBytes() {
        byte[] file = cipher.seal(PROFILE, KEY, false);

        assertThat(envelope.decrypt(file, KEY)).isEqualTo(PROFILE);
    }

    @Test
    void sealsWithGzipAStreamThatStandardGunzipReads() throws IOException {
        byte[] file = cipher.seal(PROFILE, KEY, true);

        byte[] gz = envelope.decrypt(file, KEY);
        assertThat(gz).startsWith(0x1f, 0x8b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(PROFILE);
        }
        assertThat(file.length).isLessThan(PROFILE.length / 2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void opensWhatItSeals(boolean gzip) {
        assertThat(cipher.open(cipher.seal(PROFILE, KEY, gzip), KEY)).isEqualTo(PROFILE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<flat-profile/>",
        "<flat-profile ></flat-profile>",
        "  \r\n<device><flat-profile>\n<GPP_A>x</GPP_A>\n</flat-profile></device>\n\n",
        "<?xml version=\"1.0\"?><!-- c --><flat-profile\n><A/></flat-profile\n>"})
    void sealsAndOpensEveryShapeOfFlatProfile(String xml) {
        byte[] profile = xml.getBytes(StandardCharsets.US_ASCII);

        assertThat(cipher.open(cipher.seal(profile, KEY, false), KEY)).isEqualTo(profile);
        assertThat(cipher.open(cipher.seal(profile, KEY, true), KEY)).isEqualTo(profile);
    }

    @Test
    void sealsTheSameProfileToDifferentBytesEveryTime() {
        assertThat(cipher.seal(PROFILE, KEY, false)).isNotEqualTo(cipher.seal(PROFILE, KEY, false));
        assertThat(cipher.seal(PROFILE, KEY, true)).isNotEqualTo(cipher.seal(PROFILE, KEY, true));
    }

    @Test
    void acceptsTheKeyAsAString() {
        byte[] file = cipher.seal(PROFILE, "plain string key", true);

        assertThat(cipher.open(file, "plain string key")).isEqualTo(PROFILE);
        assertFailsWith(() -> cipher.seal(PROFILE, "", true), Reason.INVALID_KEY);
        assertFailsWith(() -> cipher.open(file, "tab\tkey"), Reason.INVALID_KEY);
    }

    @Test
    void refusesToSealAProfileWithNonAsciiBytes() {
        byte[] xml = "<flat-profile><Station_Name>Caf\u00e9</Station_Name></flat-profile>"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> cipher.seal(xml, KEY, true))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NON_ASCII))
                .hasMessageContaining("byte 31 (0xc3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "GPP_A \"x\";", "<other-profile><A/></other-profile>",
        "<flat-profiles></flat-profiles>", "<flat-profile><A/>", "<flat-profile><A/></flat-profile",
        "<flat-profile"})
    void refusesToSealWhatIsNotAWholeFlatProfile(String text) {
        assertFailsWith(() -> cipher.seal(text.getBytes(StandardCharsets.US_ASCII), KEY, false), Reason.MALFORMED_XML);
    }

    @Test
    void refusesToSealAProfileOverTheSizeLimit() {
        ProfileCipher small = new ProfileCipher(envelope, PROFILE.length - 1);

        assertFailsWith(() -> small.seal(PROFILE, KEY, true), Reason.PROFILE_TOO_LARGE);
        assertThat(new ProfileCipher(envelope, PROFILE.length).seal(PROFILE, KEY, true)).isNotEmpty();
    }

    @Test
    void rejectsAWrongKey() {
        assertFailsWith(() -> cipher.open(Vectors.bytes("profile.phrase.cfg"), "Secret-Phrase_2008"), Reason.WRONG_KEY);
        assertFailsWith(() -> cipher.open(Vectors.bytes("profile.phrase.gz.cfg"), "Secret-Phrase_2008"),
                Reason.WRONG_KEY);
    }

    @Test
    void rejectsAFileMadeWithTheSha256DefaultAndSaysHowToFixIt() {
        Vectors.Encrypted sha256 = Vectors.encrypted("profile.phrase.sha256.cfg");

        assertThatThrownBy(() -> cipher.open(sha256.fileBytes(), sha256.passphrase()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY))
                .hasMessageContaining("SHA-256").hasMessageContaining("-md md5");
    }

    @Test
    void doesNotBlameSha256WhenTheKeyIsSimplyWrong() {
        Vectors.Encrypted sha256 = Vectors.encrypted("profile.phrase.sha256.cfg");

        assertThatThrownBy(() -> cipher.open(sha256.fileBytes(), "another key"))
                .isInstanceOf(ProtocolException.class).hasMessageNotContaining("SHA-256");
    }

    /**
     * About 1 wrong key in 256 leaves valid padding, and the envelope alone then returns garbage. The
     * cipher must refuse each of those keys all the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"profile.phrase.cfg", "profile.phrase.gz.cfg"})
    void rejectsWrongKeysWhosePaddingIsValidByChance(String name) {
        byte[] file = Vectors.bytes(name);
        Random random = new Random(RandomProfiles.seed());
        List<String> luckyKeys = new ArrayList<>();
        for (int tries = 0; luckyKeys.size() < 8 && tries < 100_000; tries++) {
            String key = "wrong-" + random.nextLong();
            try {
                envelope.decrypt(file, ProfileKey.of(key));
                luckyKeys.add(key);
            } catch (ProtocolException e) {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
            }
        }

        assertThat(luckyKeys).as("wrong keys with valid padding, seed %d", RandomProfiles.seed()).hasSize(8);
        for (String key : luckyKeys) {
            assertThatThrownBy(() -> cipher.open(file, key))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY))
                    .hasMessageContaining("decrypts to binary data");
        }
    }

    static List<String> everyFileVector() {
        return List.of("profile.phrase.cfg", "profile.phrase.gz.cfg");
    }

    /** Flip any one byte of the file, header included: open refuses it, and never returns a profile. */
    @ParameterizedTest
    @MethodSource("everyFileVector")
    void refusesEverySingleByteCorruption(String name) {
        byte[] original = Vectors.bytes(name);
        String key = Vectors.key("phrase");
        for (int at = 0; at < original.length; at++) {
            byte[] file = original.clone();
            file[at] ^= (byte) (1 + at % 255);
            int position = at;
            assertThatThrownBy(() -> cipher.open(file, key)).as("byte %d corrupted", position)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason())
                            .isIn(Reason.NOT_ENCRYPTED_PROFILE, Reason.WRONG_KEY, Reason.CORRUPT_PROFILE));
        }
    }

    @Test
    void reportsACorruptMiddleBlockAsACorruptProfile() {
        byte[] file = Vectors.bytes("profile.phrase.cfg");
        file[16 + 16 * 50 + 3] ^= 0x5a;

        assertThatThrownBy(() -> cipher.open(file, Vectors.key("phrase")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining("not ASCII text");
    }

    @Test
    void refusesAFileCutAtAnyPoint() {
        byte[] original = Vectors.bytes("profile.phrase.cfg");
        for (int keep = 0; keep < original.length; keep++) {
            byte[] file = Arrays.copyOf(original, keep);
            int kept = keep;
            assertThatThrownBy(() -> cipher.open(file, Vectors.key("phrase"))).as("first %d bytes", kept)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason())
                            .isIn(Reason.TRUNCATED, Reason.WRONG_KEY, Reason.CORRUPT_PROFILE));
        }
    }

    @Test
    void rejectsAFileThatDecryptsToTextThatIsNotAProfile() {
        String gibberish = new String(Vectors.bytes("gibberish.b64"), StandardCharsets.US_ASCII).trim();
        byte[] file = java.util.Base64.getDecoder().decode(gibberish);

        assertThatThrownBy(() -> cipher.open(file, "password"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining("does not start with '<'");
        assertFailsWith(() -> cipher.open(Vectors.bytes("block32.phrase.cfg"), Vectors.key("phrase")),
                Reason.CORRUPT_PROFILE);
    }

    @Test
    void rejectsAFileThatDecryptsToNothing() {
        assertThatThrownBy(() -> cipher.open(Vectors.bytes("empty.phrase.cfg"), Vectors.key("phrase")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsAProfileCutAtABlockBoundaryEvenWhenItsPaddingLooksValid() {
        // Ten newlines read as ten bytes of valid padding (0x0a = 10), so the envelope alone accepts a
        // file cut right after them and returns the profile's first 38 bytes.
        String head = "<flat-profile>\n<A>x</A>";
        String xml = head + "\n".repeat(48 - head.length()) + "<B>y</B>\n</flat-profile>\n";
        byte[] file = envelope.encrypt(xml.getBytes(StandardCharsets.US_ASCII), KEY);
        byte[] truncated = Arrays.copyOf(file, OpenSslEnvelope.HEADER_LENGTH + 48);
        assertThat(envelope.decrypt(truncated, KEY)).as("precondition: the envelope alone accepts the cut file")
                .hasSize(38);

        assertThatThrownBy(() -> cipher.open(truncated, KEY))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining("cut short");
    }

    @Test
    void rejectsAFileThatIsNotEncryptedOrIsTruncated() {
        assertFailsWith(() -> cipher.open(PROFILE, KEY), Reason.NOT_ENCRYPTED_PROFILE);
        assertFailsWith(() -> cipher.open(new byte[0], KEY), Reason.TRUNCATED);
        assertFailsWith(() -> cipher.open(Arrays.copyOf(Vectors.bytes("profile.phrase.cfg"), 100), KEY),
                Reason.TRUNCATED);
    }

    @Test
    void opensGzipHeadersWithNameCommentExtraFieldAndHeaderCrc() {
        byte[] body = Arrays.copyOfRange(Vectors.bytes("profile.xml.gz"), 10, Vectors.bytes("profile.xml.gz").length);
        GzipBuilder gz = new GzipBuilder()
                .extra(new byte[] {'A', 'P', 2, 0, 7, 7})
                .name("profile.xml")
                .comment("made by hand")
                .headerCrc(true);

        byte[] file = envelope.encrypt(gz.build(body), KEY);

        assertThat(cipher.open(file, KEY)).isEqualTo(PROFILE);
    }

    static List<GzipDamage> gzipDamage() {
        return GzipDamage.all(Vectors.bytes("profile.xml.gz"));
    }

    @ParameterizedTest
    @MethodSource("gzipDamage")
    void rejectsACorruptGzipStream(GzipDamage damage) {
        byte[] file = envelope.encrypt(damage.bytes(), KEY);

        assertThatThrownBy(() -> cipher.open(file, KEY))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining(damage.expectedMessage());
    }

    @Test
    void refusesAGzipBombBeyondTheLimit() {
        int limit = 1 << 20;
        byte[] bomb = bombOf(limit + 1);
        ProfileCipher bounded = new ProfileCipher(envelope, limit);

        assertFailsWith(() -> bounded.open(envelope.encrypt(bomb, KEY), KEY), Reason.PROFILE_TOO_LARGE);
        assertThat(bounded.open(envelope.encrypt(bombOf(limit), KEY), KEY)).hasSize(limit);
    }

    @Test
    void refusesAGzipBombWhoseTrailerUnderstatesItsSize() {
        int limit = 1 << 20;
        byte[] bomb = bombOf(4 * limit);
        GzipDamage.putIntLe(bomb, bomb.length - 4, 100);

        assertFailsWith(() -> new ProfileCipher(envelope, limit).open(envelope.encrypt(bomb, KEY), KEY),
                Reason.CORRUPT_PROFILE);
    }

    @Test
    void refusesAGzipBombWhoseTrailerIsTruthfulWithTheDefaultLimit() {
        byte[] bomb = bombOf(ProfileCipher.DEFAULT_MAX_PROFILE_BYTES + 1);

        assertFailsWith(() -> cipher.open(envelope.encrypt(bomb, KEY), KEY), Reason.PROFILE_TOO_LARGE);
    }

    @Test
    void callsAStreamThatOnlyClaimsToBeTooLargeCorrupt() {
        ProfileCipher bounded = new ProfileCipher(envelope, 1000);
        byte[] gz = Vectors.bytes("profile.xml.gz").clone();
        GzipDamage.putIntLe(gz, gz.length - 4, 50_000);

        assertThatThrownBy(() -> bounded.open(envelope.encrypt(gz, KEY), KEY))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_TOO_LARGE));
        byte[] small = Gzip.compress("<flat-profile/>".getBytes(StandardCharsets.US_ASCII)).buffer();
        byte[] gzSmall = Arrays.copyOf(small, Gzip.compress("<flat-profile/>".getBytes(StandardCharsets.US_ASCII)).length());
        GzipDamage.putIntLe(gzSmall, gzSmall.length - 4, 5_000);
        assertThatThrownBy(() -> bounded.open(envelope.encrypt(gzSmall, KEY), KEY))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT_PROFILE))
                .hasMessageContaining("inflates to 15 bytes, not the 5000");
    }

    @Test
    void refusesAnUncompressedProfileOverTheLimit() {
        byte[] file = envelope.encrypt(PROFILE, KEY);

        assertFailsWith(() -> new ProfileCipher(envelope, 1000).open(file, KEY), Reason.PROFILE_TOO_LARGE);
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new ProfileCipher(envelope, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isSafeToShareBetweenThreads() {
        List<byte[]> profiles = IntStream.range(0, 64)
                .mapToObj(i -> RandomProfiles.profile(new Random(RandomProfiles.seed() + i))).toList();

        List<Boolean> roundTrips = profiles.parallelStream()
                .map(p -> Arrays.equals(cipher.open(cipher.seal(p, KEY, p.length % 2 == 0), KEY), p)).toList();

        assertThat(roundTrips).containsOnly(true);
    }

    /** A gzip stream (java.util.zip's, at its fastest level) that inflates to {@code size} bytes of profile. */
    private static byte[] bombOf(int size) {
        byte[] xml = new byte[size];
        Arrays.fill(xml, (byte) ' ');
        byte[] open = "<flat-profile>".getBytes(StandardCharsets.US_ASCII);
        byte[] close = "</flat-profile>".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, xml, 0, open.length);
        System.arraycopy(close, 0, xml, size - close.length, close.length);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    @Test
    void aPayloadSealedForManyKeysOpensUnderEachToTheSameProfile() {
        ProfilePayload payload = cipher.payload(PROFILE, true);
        List<ProfileKey> keys = List.of(KEY, ProfileKeys.newKey(), ProfileKeys.newKey());

        for (ProfileKey key : keys) {
            byte[] file = cipher.seal(payload, key);
            assertThat(cipher.open(file, key)).isEqualTo(PROFILE);
            assertThat(cipher.carries(file, key, payload)).isTrue();
        }
        assertThat(cipher.open(payload)).isEqualTo(PROFILE);
    }

    @Test
    void aPayloadOpensToWhatEveryFileCarryingItOpensTo() {
        for (boolean gzip : new boolean[] {true, false}) {
            ProfilePayload payload = cipher.payload(PROFILE, gzip);

            assertThat(payload.gzipped()).isEqualTo(gzip);
            assertThat(cipher.open(payload)).isEqualTo(cipher.open(cipher.seal(payload, KEY), KEY));
        }
    }

    @Test
    void aFileOfAnotherProfileDoesNotCarryThePayload() {
        ProfilePayload payload = cipher.payload(PROFILE, true);
        byte[] other = cipher.seal(cipher.payload(new String(PROFILE, StandardCharsets.US_ASCII)
                .replace("</flat-profile>", "<Extra>1</Extra></flat-profile>").getBytes(StandardCharsets.US_ASCII),
                true), KEY);

        assertThat(cipher.carries(other, KEY, payload)).isFalse();
    }

    @Test
    void aFileUnderAnotherKeyNeverCarriesThePayload() {
        ProfilePayload payload = cipher.payload(PROFILE, true);
        for (int i = 0; i < 64; i++) {
            byte[] file = cipher.seal(payload, ProfileKeys.newKey());
            // The padding check rejects a wrong key 255 times in 256; the rest decrypt to other bytes.
            try {
                assertThat(cipher.carries(file, KEY, payload)).isFalse();
            } catch (ProtocolException e) {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
            }
        }
    }

    @Test
    void aPayloadIsRefusedLikeASealOfTheSameBytes() {
        assertFailsWith(() -> cipher.payload("<flat-profile>".getBytes(StandardCharsets.US_ASCII), true),
                Reason.MALFORMED_XML);
        assertFailsWith(() -> cipher.payload(
                "<flat-profile><A>\u00e9</A></flat-profile>".getBytes(StandardCharsets.ISO_8859_1), false),
                Reason.NON_ASCII);
    }

    @Test
    void aPayloadShowsNoneOfItsBytes() {
        byte[] secret = "<flat-profile><GPP_A>s3cret-key-value</GPP_A></flat-profile>".getBytes(StandardCharsets.US_ASCII);

        assertThat(cipher.payload(secret, false).toString()).doesNotContain("s3cret").contains("xml")
                .contains(secret.length + " bytes");
    }
}
