package io.keyturn.protocol.crypto;

import static io.keyturn.protocol.ProtocolException.Reason.CORRUPT_PROFILE;
import static io.keyturn.protocol.ProtocolException.Reason.MALFORMED_XML;
import static io.keyturn.protocol.ProtocolException.Reason.NON_ASCII;
import static io.keyturn.protocol.ProtocolException.Reason.PROFILE_TOO_LARGE;
import static io.keyturn.protocol.ProtocolException.Reason.WRONG_KEY;

import io.keyturn.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The profile pipeline of spa-protocol.md §2.1, both ways: XML → optional gzip → {@link OpenSslEnvelope}
 * to {@link #seal}, and back to {@link #open}.
 *
 * <p>{@link #open} returns a profile or throws; it never returns garbage. After decrypting it inflates
 * gzip (recognised, as devices do, by its 1f 8b header) and then checks that the result has the shape
 * of a whole {@code <flat-profile>} document in ASCII. That check is what catches the 1 in 256 wrong
 * keys whose padding happens to be valid, and a corrupt file whose padding survived. {@link #seal}
 * applies the same check to its input, so whatever it seals, {@code open} gives back byte for byte.
 *
 * <p>A profile sent under several keys is prepared once: {@link #payload} checks and compresses it,
 * {@link #open(ProfilePayload)} gives what every file carrying it opens to, and
 * {@link #seal(ProfilePayload, ProfileKey)} and {@link #carries} encrypt it for one key and check a
 * file decrypts to it. A cipher made with a {@link GzipSegmentCache} compresses in segments and reuses
 * those it has compressed before.
 *
 * <p>Both directions refuse profiles over a size limit (16 MiB unless configured): no device holds
 * one that large, and the limit bounds what a gzip bomb can make {@code open} allocate.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ProfileCipher {

    /** The default limit on a profile's plaintext size, compressed or not: 16 MiB. */
    public static final int DEFAULT_MAX_PROFILE_BYTES = 16 * 1024 * 1024;

    private final OpenSslEnvelope envelope;
    private final int maxProfileBytes;
    /** Null: each profile is deflated whole. */
    private final GzipSegmentCache segments;

    /** A cipher with a fresh {@link OpenSslEnvelope} and the default size limit. */
    public ProfileCipher() {
        this(new OpenSslEnvelope(), DEFAULT_MAX_PROFILE_BYTES);
    }

    /**
     * A cipher using {@code envelope}, refusing profiles over {@code maxProfileBytes}, that gzips each
     * profile whole at level 9 (the smallest files).
     */
    public ProfileCipher(OpenSslEnvelope envelope, int maxProfileBytes) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        if (maxProfileBytes < 1) {
            throw new IllegalArgumentException("maxProfileBytes must be positive, not " + maxProfileBytes);
        }
        this.maxProfileBytes = maxProfileBytes;
        this.segments = null;
    }

    /**
     * A cipher that gzips each profile in segments, taking every segment it has deflated before from
     * {@code segments} (shared with any other cipher given the same cache). The file is still one
     * standard gzip member that {@code gunzip} and every device read; its deflate stream is the
     * concatenation of segments deflated independently at level 9, cut at line ends chosen by their
     * content, so that what a device's profile shares with others (its templates) and with its previous
     * rotation (all but the key and directory) is compressed once. The price is under one percent in size.
     * Only the part a caller marks as shared ({@link #payload(byte[], boolean, int)}) is cached.
     */
    public ProfileCipher(OpenSslEnvelope envelope, int maxProfileBytes, GzipSegmentCache segments) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        if (maxProfileBytes < 1) {
            throw new IllegalArgumentException("maxProfileBytes must be positive, not " + maxProfileBytes);
        }
        this.maxProfileBytes = maxProfileBytes;
        this.segments = Objects.requireNonNull(segments, "segments");
    }

    /**
     * Encrypts a flat profile for a device holding {@code key}, gzipping it first if asked. The result
     * decrypts with {@code openssl enc -d -aes-256-cbc -md md5 -k KEY} (piped through gunzip when
     * {@code gzip} is set). A fresh salt every call: sealing the same profile twice gives different bytes.
     *
     * @throws ProtocolException {@link ProtocolException.Reason#NON_ASCII} if the profile holds a byte that
     *     is not ASCII text, {@link ProtocolException.Reason#MALFORMED_XML} if it is not a whole
     *     {@code <flat-profile>} document, {@link ProtocolException.Reason#PROFILE_TOO_LARGE} if it is over
     *     the limit
     */
    public byte[] seal(byte[] xml, ProfileKey key, boolean gzip) {
        Objects.requireNonNull(key, "key");
        return seal(payload(xml, gzip), key);
    }

    /**
     * The bytes a file of this profile encrypts, checked and compressed once, ready to be {@linkplain
     * #seal(ProfilePayload, ProfileKey) sealed} for any number of keys.
     *
     * @throws ProtocolException as {@link #seal(byte[], ProfileKey, boolean)}
     */
    public ProfilePayload payload(byte[] xml, boolean gzip) {
        return payload(xml, gzip, 0);
    }

    /**
     * {@link #payload(byte[], boolean)}, where {@code xml[0, shareable)} is text other profiles share (a
     * device's templates): a cipher with a {@link GzipSegmentCache} keeps and reuses the compressed segments
     * of that part only. Whatever follows the mark (a device's own credentials, its key) is compressed for
     * this payload alone and never held by the cache. {@code 0} shares nothing.
     *
     * @throws IllegalArgumentException if {@code shareable} is not within {@code 0..xml.length}
     */
    public ProfilePayload payload(byte[] xml, boolean gzip, int shareable) {
        if (shareable < 0 || shareable > xml.length) {
            throw new IllegalArgumentException("shareable must be within 0.." + xml.length + ", not " + shareable);
        }
        if (xml.length > maxProfileBytes) {
            throw new ProtocolException(PROFILE_TOO_LARGE,
                    "the profile is " + xml.length + " bytes, over the limit of " + maxProfileBytes);
        }
        ProfileShape.Problem problem = ProfileShape.check(xml, xml.length);
        if (problem != null) {
            throw new ProtocolException(problem.kind() == ProfileShape.Kind.NOT_ASCII ? NON_ASCII : MALFORMED_XML,
                    "the profile cannot be sealed: " + problem.detail());
        }
        if (!gzip) {
            return new ProfilePayload(xml.clone(), xml.length, false);
        }
        Gzip.Compressed compressed = segments == null ? Gzip.compress(xml) : Gzip.compressSegmented(xml, segments, shareable);
        return new ProfilePayload(compressed.buffer(), compressed.length(), true);
    }

    /**
     * Encrypts {@code payload} for a device holding {@code key}, under a fresh salt: the same file
     * {@link #seal(byte[], ProfileKey, boolean)} makes from the payload's XML.
     */
    public byte[] seal(ProfilePayload payload, ProfileKey key) {
        Objects.requireNonNull(key, "key");
        return envelope.encrypt(payload.buffer(), 0, payload.length(), key);
    }

    /**
     * The XML that {@link #open(byte[], ProfileKey)} gives back for every file carrying {@code payload}:
     * the payload inflated strictly (as a device inflates it) and checked for a whole ASCII flat profile.
     * Together with {@link #carries}, it proves what a device gets from a file without opening and
     * parsing each file on its own.
     *
     * @throws ProtocolException as {@link #open(byte[], ProfileKey)} for what follows decryption
     */
    public byte[] open(ProfilePayload payload) {
        return unwrap(new OpenSslEnvelope.Decrypted(payload.buffer(), payload.length()));
    }

    /**
     * Whether {@code file}, decrypted with {@code key} as a device decrypts it, holds exactly the bytes
     * of {@code payload}. When it does, {@link #open(byte[], ProfileKey)} of the file returns
     * {@link #open(ProfilePayload)} of the payload: opening is a function of the decrypted bytes alone.
     *
     * @throws ProtocolException as {@link OpenSslEnvelope#decrypt} when the file does not decrypt at all
     */
    public boolean carries(byte[] file, ProfileKey key, ProfilePayload payload) {
        Objects.requireNonNull(key, "key");
        OpenSslEnvelope.Decrypted plain = envelope.decrypt(file, key, KeyDerivation.MD5);
        try {
            return Arrays.equals(plain.buffer(), 0, plain.length(), payload.buffer(), 0, payload.length());
        } finally {
            Arrays.fill(plain.buffer(), (byte) 0);
        }
    }

    /**
     * Same as {@link #seal(byte[], ProfileKey, boolean)} with {@code ProfileKey.of(key)}.
     *
     * @throws ProtocolException also {@link ProtocolException.Reason#INVALID_KEY} for an unusable key
     */
    public byte[] seal(byte[] xml, String key, boolean gzip) {
        return seal(xml, ProfileKey.of(key), gzip);
    }

    /**
     * Decrypts a profile file, inflating it if it was gzipped, and returns the flat-profile XML.
     *
     * @throws ProtocolException {@link ProtocolException.Reason#NOT_ENCRYPTED_PROFILE} or
     *     {@link ProtocolException.Reason#TRUNCATED} for a file not in the format;
     *     {@link ProtocolException.Reason#WRONG_KEY} if the key does not open it (the message says when the
     *     file was made with a SHA-256 key derivation, i.e. without {@code -md md5});
     *     {@link ProtocolException.Reason#CORRUPT_PROFILE} if it decrypts but holds a corrupt gzip stream or
     *     no whole ASCII flat profile; {@link ProtocolException.Reason#PROFILE_TOO_LARGE} if it inflates
     *     beyond the limit
     */
    public byte[] open(byte[] file, ProfileKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return unwrap(envelope.decrypt(file, key, KeyDerivation.MD5));
        } catch (ProtocolException e) {
            if (e.reason() == WRONG_KEY && opensWithSha256(file, key)) {
                throw new ProtocolException(WRONG_KEY, "the key opens the file only with a SHA-256 key"
                        + " derivation: it was made by 'openssl enc' without '-md md5' (the default since"
                        + " OpenSSL 1.1.0), and SPA devices cannot read it; encrypt it again with '-md md5'");
            }
            throw e;
        }
    }

    /**
     * Same as {@link #open(byte[], ProfileKey)} with {@code ProfileKey.of(key)}.
     *
     * @throws ProtocolException also {@link ProtocolException.Reason#INVALID_KEY} for an unusable key
     */
    public byte[] open(byte[] file, String key) {
        return open(file, ProfileKey.of(key));
    }

    private byte[] unwrap(OpenSslEnvelope.Decrypted plain) {
        byte[] buffer = plain.buffer();
        int length = plain.length();
        if (Gzip.hasMagic(buffer, 0, length)) {
            byte[] xml = Gzip.decompress(buffer, 0, length, maxProfileBytes);
            requireProfile(xml, xml.length);
            return xml;
        }
        if (length > 0 && !ProfileShape.startsAsText(buffer, length)) {
            // A profile's first block is text; random bytes here mean the padding check passed by chance.
            throw new ProtocolException(WRONG_KEY, "the key does not open the file: it decrypts to binary data"
                    + " rather than a profile (a wrong key, a damaged file, or a file that holds no profile)");
        }
        if (length > maxProfileBytes) {
            throw new ProtocolException(PROFILE_TOO_LARGE,
                    "the profile is " + length + " bytes, over the limit of " + maxProfileBytes);
        }
        requireProfile(buffer, length);
        return Arrays.copyOf(buffer, length);
    }

    private static void requireProfile(byte[] data, int length) {
        ProfileShape.Problem problem = ProfileShape.check(data, length);
        if (problem != null) {
            throw new ProtocolException(CORRUPT_PROFILE,
                    "the file decrypts, but not to a flat profile: " + problem.detail());
        }
    }

    /** Whether the file is a good profile under the OpenSSL ≥ 1.1.0 default digest: for the diagnosis only. */
    private boolean opensWithSha256(byte[] file, ProfileKey key) {
        try {
            unwrap(envelope.decrypt(file, key, KeyDerivation.SHA256));
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }
}
