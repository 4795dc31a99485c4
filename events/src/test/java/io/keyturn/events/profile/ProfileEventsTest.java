package io.keyturn.events.profile;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.KeyFingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProfileEventsTest {

    private static final String MAC = "000e08aabbcc";
    private static final KeyFingerprint FP = KeyFingerprint.of("1".repeat(64).toCharArray());
    private static final String CHAIN = "/profile/Qm9xR2d3c1ZtYjhLcFdYeA/spa962.cfg";

    /** Salted__, 8 salt bytes and two AES blocks: the shape of {@code openssl enc} output. */
    private static byte[] envelope() {
        byte[] bytes = new byte[48];
        System.arraycopy("Salted__".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 8);
        Arrays.fill(bytes, 8, 48, (byte) 0x5a);
        return bytes;
    }

    private static ProfilePublished chain(byte[] content) {
        return new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, FP, "application/octet-stream",
                content.length, sha256(content), Base64.getEncoder().encodeToString(content));
    }

    @Test
    void acceptsAnEncryptedChainFile() {
        ProfilePublished published = chain(envelope());
        assertThat(published.contentBytes()).isEqualTo(envelope());
        assertThat(published.subject()).isEqualTo(MAC);
    }

    @Test
    void refusesAPlaintextProfileAsAChainOrBootstrapFile() {
        byte[] plaintext = "<flat-profile><GPP_A>0123456789abcdef0123456789abcdef</GPP_A></flat-profile>"
                .getBytes(StandardCharsets.US_ASCII);
        assertInvalid(() -> chain(plaintext),
                "content of a chain file must be OpenSSL enc ciphertext (Salted__, salt, whole AES blocks)");
        assertInvalid(() -> new ProfilePublished("/bootstrap/spa000e08aabbcc.cfg", ProfileKind.BOOTSTRAP, MAC, 1L, 1L, FP,
                        "application/octet-stream", plaintext.length, sha256(plaintext),
                        Base64.getEncoder().encodeToString(plaintext)),
                "content of a bootstrap file must be OpenSSL enc ciphertext (Salted__, salt, whole AES blocks)");
    }

    private static ProfilePublished spc(byte[] content, KeyFingerprint fp) {
        return new ProfilePublished("/bootstrap/spa000e08aabbcc.cfg", ProfileKind.BOOTSTRAP, MAC, 1L, 1L, fp,
                ProfilePublished.SPC_CONTENT_TYPE, content.length, sha256(content),
                Base64.getEncoder().encodeToString(content));
    }

    @Test
    void acceptsATargetedSpcBootstrapWithoutAFingerprint() {
        byte[] compiled = {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c};
        assertThat(spc(compiled, null).contentBytes()).isEqualTo(compiled);
        assertInvalid(() -> spc(compiled, FP), "keyFingerprint must be absent for a targeted SPC file");
    }

    @Test
    void refusesAPlaintextProfilePassedOffAsATargetedSpcFile() {
        byte[] plaintext = "GPP_A \"0123456789abcdef0123456789abcdef\" ;\n".getBytes(StandardCharsets.US_ASCII);
        assertInvalid(() -> spc(plaintext, null), "content of a targeted SPC file must be the compiled .cfg, not text");
        byte[] compiled = {0x1f, (byte) 0x8b, 0x08, 0x00};
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, null,
                        ProfilePublished.SPC_CONTENT_TYPE, compiled.length, sha256(compiled),
                        Base64.getEncoder().encodeToString(compiled)),
                "keyFingerprint is required");
    }

    @Test
    void refusesAnEnvelopeCutShortOfWholeBlocks() {
        byte[] truncated = Arrays.copyOf(envelope(), 47);
        assertInvalid(() -> chain(truncated),
                "content of a chain file must be OpenSSL enc ciphertext (Salted__, salt, whole AES blocks)");
        byte[] headerOnly = Arrays.copyOf(envelope(), 16);
        assertInvalid(() -> chain(headerOnly),
                "content of a chain file must be OpenSSL enc ciphertext (Salted__, salt, whole AES blocks)");
    }

    @Test
    void refusesADigestOrSizeThatDoesNotMatchTheContent() {
        byte[] content = envelope();
        String b64 = Base64.getEncoder().encodeToString(content);
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, FP, "application/octet-stream",
                content.length, "0".repeat(64), b64), "sha256 must be the SHA-256 of content");
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, FP, "application/octet-stream",
                content.length + 1, sha256(content), b64), "size must equal the length of content");
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, FP, "application/octet-stream",
                content.length, sha256(content).toUpperCase(), b64), "sha256 must be 64 lowercase hexadecimal digits");
    }

    @Test
    void refusesContentOverHalfAMebibyte() {
        byte[] big = new byte[ProfilePublished.MAX_SIZE + 16];
        System.arraycopy(envelope(), 0, big, 0, 16);
        assertInvalid(() -> chain(big), "content must decode to at most 524288 bytes");
    }

    @Test
    void aStage0FileBelongsToNoDevice() {
        byte[] xml = "<flat-profile/>".getBytes(StandardCharsets.US_ASCII);
        String b64 = Base64.getEncoder().encodeToString(xml);
        ProfilePublished stage0 = new ProfilePublished("/spa962.cfg", ProfileKind.STAGE0, null, null, null, null,
                "application/xml", xml.length, sha256(xml), b64);
        assertThat(stage0.subject()).isEqualTo("/spa962.cfg");
        assertInvalid(() -> new ProfilePublished("/spa962.cfg", ProfileKind.STAGE0, MAC, null, null, null,
                "application/xml", xml.length, sha256(xml), b64),
                "mac and generation must be absent for a stage0 file, which no device owns");
        assertInvalid(() -> new ProfilePublished("/spa962.cfg", ProfileKind.STAGE0, null, null, 3L, null,
                "application/xml", xml.length, sha256(xml), b64),
                "targetGeneration and keyFingerprint must be absent for a stage0 file");
        assertThat(new ProfileWithdrawn("/spa962.cfg", ProfileKind.STAGE0, null, null, WithdrawalReason.OPERATOR_REQUEST)
                .subject()).isEqualTo("/spa962.cfg");
    }

    @Test
    void aDeviceFileNamesItsDeviceGenerationsAndKey() {
        byte[] content = envelope();
        String b64 = Base64.getEncoder().encodeToString(content);
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, null, 7L, 8L, FP, "application/octet-stream",
                content.length, sha256(content), b64), "mac is required");
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, null, 8L, FP, "application/octet-stream",
                content.length, sha256(content), b64), "generation is required");
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 6L, FP, "application/octet-stream",
                content.length, sha256(content), b64), "targetGeneration must be at least generation");
        assertInvalid(() -> new ProfilePublished(CHAIN, ProfileKind.CHAIN, MAC, 7L, 8L, null, "application/octet-stream",
                content.length, sha256(content), b64), "keyFingerprint is required");
        assertInvalid(() -> new ProfileWithdrawn(CHAIN, ProfileKind.CHAIN, MAC, null, WithdrawalReason.GENERATION_RETIRED),
                "generation is required");
    }

    @Test
    void refusesPathsThatCouldEscapeTheServedTree() {
        String rule = "path must be an absolute path of [A-Za-z0-9._-] segments, at most 255 characters";
        assertInvalid(() -> new ProfileWithdrawn("profile/x/spa962.cfg", ProfileKind.CHAIN, MAC, 7L,
                WithdrawalReason.GENERATION_RETIRED), rule);
        assertInvalid(() -> new ProfileWithdrawn("/profile//spa962.cfg", ProfileKind.CHAIN, MAC, 7L,
                WithdrawalReason.GENERATION_RETIRED), rule);
        assertInvalid(() -> new ProfileWithdrawn("/profile/%2e%2e/spa962.cfg", ProfileKind.CHAIN, MAC, 7L,
                WithdrawalReason.GENERATION_RETIRED), rule);
        assertInvalid(() -> new ProfileWithdrawn("/profile/../spa962.cfg", ProfileKind.CHAIN, MAC, 7L,
                WithdrawalReason.GENERATION_RETIRED), "path must not contain . or .. segments");
        assertInvalid(() -> new ProfileWithdrawn("/" + "a".repeat(255), ProfileKind.CHAIN, MAC, 7L,
                WithdrawalReason.GENERATION_RETIRED), rule);
    }

    @Test
    void toStringShowsSizeAndDigestInsteadOfTheContent() {
        ProfilePublished published = chain(envelope());
        assertThat(published.toString())
                .contains("content=48 bytes sha256:" + sha256(envelope()), "kind=chain", "path=" + CHAIN)
                .doesNotContain(published.content());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
