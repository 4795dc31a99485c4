package io.keyturn.events.profile;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * {@code keyturn.profile.published} on {@code keyturn.profiles}: crypto-service hands delivery a
 * file to serve at {@code path}, replacing whatever was there. Every encrypted file has been
 * decrypted and parsed back before it is emitted (DESIGN.md §2).
 *
 * <p>A bootstrap or chain file must be in OpenSSL {@code enc} format ({@code Salted__}, salt, whole
 * AES blocks): the record refuses anything else, so a rendered profile, which holds keys in the
 * clear, cannot reach Kafka by mistake. The content travels on Kafka because delivery must be able
 * to serve it; it is ciphertext, but {@code path} is a capability (a chain directory proves
 * possession of a key), so {@code keyturn.profiles} is for keyturn's services only.
 *
 * <p>One exception: a {@code bootstrap} file of content type {@link #SPC_CONTENT_TYPE} is the
 * vendor's targeted .cfg ({@code spc --target <mac>}, the {@code spc-target} bootstrap mode). Its
 * format is proprietary, so it is not an OpenSSL envelope, and the unit derives its key from its
 * own MAC, so {@code keyFingerprint} is absent. The record still refuses such content when it is
 * plain text, so a rendered profile cannot pass as one.
 *
 * <p>Ordering: events for one path share a record key. Delivery keeps, per path, the file with the
 * highest {@code (generation, targetGeneration)} and ignores older ones, so a replay cannot bring
 * back a stale file. {@link #toString()} shows the size and SHA-256 of the content, never the content.
 *
 * @param path where the file is served, e.g. {@code /profile/<dir>/spa962.cfg}
 * @param kind which step of the flow the file serves
 * @param mac the device the file belongs to; absent for {@code stage0} only
 * @param generation the generation whose key encrypts the file (for a chain file, the generation
 *     whose directory it sits in; for a bootstrap, the generation it hands out); absent for
 *     {@code stage0} only
 * @param targetGeneration the generation the file leads to (the key and directory it carries); at
 *     least {@code generation}; absent for {@code stage0} only
 * @param keyFingerprint the fingerprint of the key that encrypts the file (for a bootstrap, the
 *     staging key); absent for {@code stage0} only
 * @param contentType the media type to serve the file with, e.g. {@code application/octet-stream}
 * @param size the content's length in bytes, 1 to 524288
 * @param sha256 the SHA-256 of the content, 64 lowercase hex digits
 * @param content the file's bytes in canonical standard Base64
 */
public record ProfilePublished(
        String path,
        ProfileKind kind,
        String mac,
        Long generation,
        Long targetGeneration,
        KeyFingerprint keyFingerprint,
        String contentType,
        long size,
        String sha256,
        String content) implements EventData {

    /** The content type of a targeted SPC .cfg, the only non-OpenSSL bootstrap file. */
    public static final String SPC_CONTENT_TYPE = "application/vnd.cisco.spc";

    /** The largest file the contract carries, so that a record stays well under Kafka's 1 MiB default. */
    public static final int MAX_SIZE = 512 * 1024;

    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(; ?[a-z0-9_-]+=[A-Za-z0-9_.-]+)*");
    private static final byte[] OPENSSL_MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);
    private static final int AES_BLOCK = 16;

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public ProfilePublished {
        Checks.servedPath("path", path);
        ProfileFieldRules.ownership(kind, mac, generation);
        if (kind == ProfileKind.STAGE0) {
            if (targetGeneration != null || keyFingerprint != null) {
                throw Checks.invalid("targetGeneration and keyFingerprint", "must be absent for a stage0 file");
            }
        } else {
            Checks.required("targetGeneration", targetGeneration);
            if (targetGeneration < generation) {
                throw Checks.invalid("targetGeneration", "must be at least generation");
            }
            if (!isSpc(kind, contentType)) {
                Checks.required("keyFingerprint", keyFingerprint);
            } else if (keyFingerprint != null) {
                throw Checks.invalid("keyFingerprint", "must be absent for a targeted SPC file");
            }
        }
        Checks.matching("contentType", contentType, MEDIA_TYPE, "must be a lowercase media type");
        Checks.sha256("sha256", sha256);
        byte[] bytes = Checks.base64("content", content, MAX_SIZE);
        if (size != bytes.length) {
            throw Checks.invalid("size", "must equal the length of content");
        }
        if (!Checks.sha256Hex(bytes).equals(sha256)) {
            throw Checks.invalid("sha256", "must be the SHA-256 of content");
        }
        if (isSpc(kind, contentType)) {
            if (isPlainText(bytes)) {
                throw Checks.invalid("content", "of a targeted SPC file must be the compiled .cfg, not text");
            }
        } else if (kind != ProfileKind.STAGE0 && !isOpenSslEnvelope(bytes)) {
            throw Checks.invalid("content", "of a " + kind.code()
                    + " file must be OpenSSL enc ciphertext (Salted__, salt, whole AES blocks)");
        }
    }

    /** The file's bytes, decoded; a fresh array each call. */
    public byte[] contentBytes() {
        return Base64.getDecoder().decode(content);
    }

    @Override
    public String subject() {
        return mac != null ? mac : path;
    }

    @Override
    public String toString() {
        return "ProfilePublished[path=" + path + ", kind=" + kind.code() + ", mac=" + mac
                + ", generation=" + generation + ", targetGeneration=" + targetGeneration
                + ", keyFingerprint=" + keyFingerprint + ", contentType=" + contentType
                + ", content=" + size + " bytes sha256:" + sha256 + "]";
    }

    private static boolean isSpc(ProfileKind kind, String contentType) {
        return kind == ProfileKind.BOOTSTRAP && SPC_CONTENT_TYPE.equals(contentType);
    }

    /** Printable ASCII and line breaks only, in the first 512 bytes: a profile in the clear. */
    private static boolean isPlainText(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOpenSslEnvelope(byte[] bytes) {
        return bytes.length >= OPENSSL_MAGIC.length + 8 + AES_BLOCK
                && bytes.length % AES_BLOCK == 0
                && Arrays.equals(bytes, 0, OPENSSL_MAGIC.length, OPENSSL_MAGIC, 0, OPENSSL_MAGIC.length);
    }
}
