package io.keyturn.crypto.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys (KEKs) that wrap every device key at rest, with AES-256-GCM. The keyring file holds one
 * {@code <id>:<64 hex>} line per KEK (deploy/README.md, "Rotate the KEK"); new wraps use the active id, and any id
 * in the ring unwraps. A wrap binds its row through the associated data, so a wrapped key copied to another row
 * does not unwrap there.
 */
public final class KeyRing {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys;
    private final String activeId;

    private KeyRing(Map<String, SecretKeySpec> keys, String activeId) {
        this.keys = keys;
        this.activeId = activeId;
    }

    /**
     * Reads a keyring file's text; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws KekException naming the line (never its content) that is malformed, a repeated id, or an active id
     *     the ring does not hold
     */
    public static KeyRing parse(String text, String activeId) {
        Objects.requireNonNull(text, "text");
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String id = colon < 0 ? "" : line.substring(0, colon);
            String hex = colon < 0 ? "" : line.substring(colon + 1);
            if (!ID.matcher(id).matches() || !HEX_KEY.matcher(hex).matches()) {
                throw new KekException("keyring line " + (i + 1)
                        + " is not <id>:<64 hex characters> (id of letters, digits, . _ -)");
            }
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (keys.put(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new KekException("keyring line " + (i + 1) + " repeats the id " + id);
            }
            Arrays.fill(bytes, (byte) 0);
        }
        if (activeId == null || !keys.containsKey(activeId)) {
            throw new KekException("the active KEK id " + activeId + " is not in the keyring (ids: " + keys.keySet() + ")");
        }
        return new KeyRing(Collections.unmodifiableMap(keys), activeId);
    }

    public String activeId() {
        return activeId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    /** Wraps {@code secret} under the active KEK, bound to {@code context} (e.g. the row's MAC and generation). */
    public WrappedKey wrap(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(secret);
            byte[] blob = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, blob, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, blob, NONCE_BYTES, sealed.length);
            return new WrappedKey(activeId, blob);
        } catch (GeneralSecurityException e) {
            throw new KekException("AES-256-GCM is unavailable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Unwraps a key wrapped by {@link #wrap} with the same context.
     *
     * @throws KekException for a KEK id not in the ring, or a blob that fails authentication (tampered, another
     *     row's, or wrapped under another KEK with the same id)
     */
    public byte[] unwrap(WrappedKey wrapped, String context) {
        SecretKeySpec kek = keys.get(wrapped.kekId());
        if (kek == null) {
            throw new KekException("no KEK with id " + wrapped.kekId() + " in the keyring");
        }
        byte[] blob = wrapped.blob();
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new KekException("a wrapped key under " + wrapped.kekId() + " is truncated");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new KekException("a wrapped key does not authenticate under KEK " + wrapped.kekId()
                    + " (tampered, moved from another row, or a different KEK under that id)");
        } catch (GeneralSecurityException e) {
            throw new KekException("AES-256-GCM is unavailable: " + e.getClass().getSimpleName());
        }
    }

    /** Unwraps under the old KEK and wraps again under the active one. */
    public WrappedKey rewrap(WrappedKey wrapped, String context) {
        byte[] secret = unwrap(wrapped, context);
        try {
            return wrap(secret, context);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[ids=" + keys.keySet() + ", active=" + activeId + "]";
    }
}
