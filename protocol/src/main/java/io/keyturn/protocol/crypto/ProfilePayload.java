package io.keyturn.protocol.crypto;

/**
 * The bytes a profile file encrypts, made once by {@link ProfileCipher#payload} and then encrypted for
 * as many keys as need them: the flat-profile XML, gzipped or not. A rotation hands the same profile to
 * every live generation of a device, each under its own key, so compressing (and verifying, see
 * {@link ProfileCipher#open(ProfilePayload)}) once per distinct profile rather than once per file is
 * most of the work saved.
 *
 * <p>It holds a device's key and directory in the clear, so it never shows its bytes: {@link #toString}
 * gives only the size and whether it is gzipped. Immutable; its bytes are reachable only inside this
 * package.
 */
public final class ProfilePayload {

    private final byte[] bytes;
    private final int length;
    private final boolean gzipped;

    ProfilePayload(byte[] bytes, int length, boolean gzipped) {
        this.bytes = bytes;
        this.length = length;
        this.gzipped = gzipped;
    }

    /** How many bytes are encrypted: the gzip member, or the XML itself. */
    public int length() {
        return length;
    }

    /** Whether the XML is gzipped. */
    public boolean gzipped() {
        return gzipped;
    }

    /** The payload is {@code buffer()[0, length())}; the array must not be changed or handed out. */
    byte[] buffer() {
        return bytes;
    }

    @Override
    public String toString() {
        return "ProfilePayload[" + (gzipped ? "gzip, " : "xml, ") + length + " bytes]";
    }
}
