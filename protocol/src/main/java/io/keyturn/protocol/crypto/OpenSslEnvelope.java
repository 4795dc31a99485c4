package io.keyturn.protocol.crypto;

import static io.keyturn.protocol.ProtocolException.Reason.NOT_ENCRYPTED_PROFILE;
import static io.keyturn.protocol.ProtocolException.Reason.TRUNCATED;
import static io.keyturn.protocol.ProtocolException.Reason.WRONG_KEY;

import io.keyturn.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The file format SPA devices decrypt with {@code [--key …]}: what
 * {@code openssl enc -e -aes-256-cbc -md md5 -k KEY} writes (spa-protocol.md §2.1, §2.2).
 *
 * <pre>
 *   "Salted__" (8 ASCII bytes) | salt (8 random bytes) | AES-256-CBC ciphertext, PKCS#7-padded
 * </pre>
 *
 * Key and IV come from {@link ProfileKey} and the salt through {@code EVP_BytesToKey} with MD5 and one
 * iteration, never PBKDF2. Every {@link #encrypt} draws a fresh salt, so the same plaintext never gives
 * the same bytes twice (§7.2 point 6). The file is raw binary, not base64.
 *
 * <p>This class is the envelope alone: it neither compresses nor checks what it decrypts. A wrong key
 * is caught by the padding check only about 255 times in 256; otherwise {@link #decrypt} returns
 * garbage. Profiles should go through {@link ProfileCipher}, which catches the rest.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class OpenSslEnvelope {

    /** Salt length in bytes, fixed by {@code openssl enc}. */
    public static final int SALT_LENGTH = 8;
    /** {@code Salted__} plus the salt: the bytes before the ciphertext. */
    public static final int HEADER_LENGTH = 16;
    /** The AES block length; the ciphertext is always a non-zero multiple of it. */
    public static final int BLOCK_LENGTH = 16;

    private static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);
    /** The JCE's "PKCS5Padding" on a 16-byte block cipher is PKCS#7, as OpenSSL pads. */
    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";
    /**
     * Cipher.getInstance costs about 2 µs (provider lookup), as much as encrypting a few KB; a cipher
     * per thread saves it. It holds heap memory only, so the per-thread copies are harmless.
     */
    private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(OpenSslEnvelope::newCipher);

    private final SecureRandom random;

    /** An envelope drawing salts from a new {@link SecureRandom}. */
    public OpenSslEnvelope() {
        this(new SecureRandom());
    }

    /** An envelope drawing salts from {@code random}. */
    public OpenSslEnvelope(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The length of the file {@link #encrypt} makes from {@code plaintextLength} bytes. */
    public static int encryptedLength(int plaintextLength) {
        return HEADER_LENGTH + (plaintextLength / BLOCK_LENGTH + 1) * BLOCK_LENGTH;
    }

    /** Encrypts {@code plaintext} under {@code key} with a fresh random salt. */
    public byte[] encrypt(byte[] plaintext, ProfileKey key) {
        return encrypt(plaintext, 0, plaintext.length, key);
    }

    /** Encrypts {@code length} bytes of {@code plaintext} from {@code offset}, with a fresh random salt. */
    public byte[] encrypt(byte[] plaintext, int offset, int length, ProfileKey key) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return encryptWithSalt(plaintext, offset, length, key, salt);
    }

    /**
     * Encrypts with a given salt. Only golden tests may fix the salt: a repeated salt makes a repeated
     * key and IV, and devices would get identical files for identical profiles.
     */
    byte[] encryptWithSalt(byte[] plaintext, int offset, int length, ProfileKey key, byte[] salt) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        Objects.requireNonNull(key, "key");
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("a salt is " + SALT_LENGTH + " bytes, not " + salt.length);
        }
        byte[] file = new byte[encryptedLength(length)];
        System.arraycopy(MAGIC, 0, file, 0, MAGIC.length);
        System.arraycopy(salt, 0, file, MAGIC.length, SALT_LENGTH);
        Cipher cipher = AES.get();
        byte[] keyAndIv = KeyDerivation.MD5.keyAndIv(key.bytes(), salt);
        try {
            init(cipher, Cipher.ENCRYPT_MODE, keyAndIv);
            int written = cipher.doFinal(plaintext, offset, length, file, HEADER_LENGTH);
            assert written == file.length - HEADER_LENGTH;
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /**
     * Decrypts a file in this format.
     *
     * @throws ProtocolException {@link ProtocolException.Reason#NOT_ENCRYPTED_PROFILE} if it does not start
     *     with {@code Salted__}; {@link ProtocolException.Reason#TRUNCATED} if it ends inside the header,
     *     holds no ciphertext, or its ciphertext is not whole blocks;
     *     {@link ProtocolException.Reason#WRONG_KEY} if the padding is wrong (a wrong key, a key derived
     *     with SHA-256, or a file cut at a block boundary)
     */
    public byte[] decrypt(byte[] file, ProfileKey key) {
        Decrypted plain = decrypt(file, key, KeyDerivation.MD5);
        return Arrays.copyOf(plain.buffer(), plain.length());
    }

    /**
     * Decrypts without the final copy: the plaintext is {@code buffer[0, length)}, and the buffer's tail
     * (at most one block) is padding.
     */
    Decrypted decrypt(byte[] file, ProfileKey key, KeyDerivation derivation) {
        checkFraming(file);
        Objects.requireNonNull(key, "key");
        byte[] salt = Arrays.copyOfRange(file, MAGIC.length, HEADER_LENGTH);
        byte[] keyAndIv = derivation.keyAndIv(key.bytes(), salt);
        byte[] plain = new byte[file.length - HEADER_LENGTH];
        Cipher cipher = AES.get();
        try {
            init(cipher, Cipher.DECRYPT_MODE, keyAndIv);
            int length = cipher.doFinal(file, HEADER_LENGTH, file.length - HEADER_LENGTH, plain, 0);
            return new Decrypted(plain, length);
        } catch (BadPaddingException e) {
            // With the right key this only happens to a file cut at a block boundary; either way,
            // what was decrypted is not to be kept around.
            Arrays.fill(plain, (byte) 0);
            throw new ProtocolException(WRONG_KEY,
                    "the key does not open the file (a wrong key, a file not made with"
                            + " 'openssl enc -aes-256-cbc -md md5', or a damaged file)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC decryption failed", e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /** Plaintext in {@code buffer[0, length)}. */
    record Decrypted(byte[] buffer, int length) {
    }

    private static void checkFraming(byte[] file) {
        if (file.length == 0) {
            throw new ProtocolException(TRUNCATED, "the file is empty");
        }
        int magic = Math.min(file.length, MAGIC.length);
        if (!Arrays.equals(file, 0, magic, MAGIC, 0, magic)) {
            throw new ProtocolException(NOT_ENCRYPTED_PROFILE,
                    "the file does not start with 'Salted__', so it is not an OpenSSL enc file" + hint(file));
        }
        if (file.length < HEADER_LENGTH) {
            throw new ProtocolException(TRUNCATED, "the file ends inside its 'Salted__' header and salt ("
                    + file.length + " of " + HEADER_LENGTH + " bytes)");
        }
        int ciphertext = file.length - HEADER_LENGTH;
        if (ciphertext == 0) {
            throw new ProtocolException(TRUNCATED, "the file holds a header and salt but no ciphertext");
        }
        if (ciphertext % BLOCK_LENGTH != 0) {
            throw new ProtocolException(TRUNCATED, "the ciphertext is " + ciphertext
                    + " bytes, not a whole number of " + BLOCK_LENGTH + "-byte AES blocks");
        }
    }

    /** Names the likely mistake behind a file without the header; the bytes named are never secret. */
    private static String hint(byte[] file) {
        int first = 0;
        while (first < file.length && (file[first] == ' ' || file[first] == '\t' || file[first] == '\r'
                || file[first] == '\n')) {
            first++;
        }
        if (first < file.length && file[first] == '<') {
            return " (it looks like a plain XML profile)";
        }
        if (file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b) {
            return " (it looks like a gzip file that was never encrypted)";
        }
        byte[] base64Magic = "U2FsdGVkX1".getBytes(StandardCharsets.US_ASCII);
        if (file.length >= base64Magic.length && Arrays.equals(file, 0, base64Magic.length, base64Magic, 0,
                base64Magic.length)) {
            return " (it is base64, as 'openssl enc -a' writes; devices read raw binary, so decode it first)";
        }
        return "";
    }

    private static void init(Cipher cipher, int mode, byte[] keyAndIv) throws GeneralSecurityException {
        cipher.init(mode, new SecretKeySpec(keyAndIv, 0, KeyDerivation.KEY_LENGTH, "AES"),
                new IvParameterSpec(keyAndIv, KeyDerivation.KEY_LENGTH, KeyDerivation.IV_LENGTH));
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM provides no " + TRANSFORMATION, e);
        }
    }
}
