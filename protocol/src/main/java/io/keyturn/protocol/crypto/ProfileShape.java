package io.keyturn.protocol.crypto;

import java.nio.charset.StandardCharsets;

/**
 * A cheap, one-pass check that bytes have the shape of a whole flat profile: ASCII text that starts
 * with {@code <}, ends with {@code >}, and holds a {@code <flat-profile>} element that is closed.
 *
 * <p>It is not an XML parser (the profile parser is), but it is what lets {@link ProfileCipher} tell a
 * profile from garbage without one. A wrong key that passes the padding check by chance (about 1 in
 * 256) yields random bytes, and a corrupt ciphertext block yields 16 random bytes in the middle; random
 * bytes pass the ASCII test with odds of (98/256)^16 ≈ 2·10^-7 per block. A file cut at a block boundary
 * loses the closing tag. SPA profiles are ASCII only (spa-protocol.md §4.3), so the test costs nothing
 * legitimate.
 */
final class ProfileShape {

    private static final byte[] OPEN = "<flat-profile".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "</flat-profile".getBytes(StandardCharsets.US_ASCII);
    /** Printable ASCII, tab, LF and CR; a table lookup keeps the per-byte check branch-free. */
    private static final boolean[] TEXT = new boolean[256];

    static {
        for (int b = 0x20; b <= 0x7e; b++) {
            TEXT[b] = true;
        }
        TEXT['\t'] = true;
        TEXT['\n'] = true;
        TEXT['\r'] = true;
    }

    /** What is wrong with the bytes, or nothing. Details name offsets and byte values, never content. */
    record Problem(Kind kind, String detail) {
    }

    enum Kind {
        /** A byte outside printable ASCII, tab, CR and LF. */
        NOT_ASCII,
        /** ASCII, but not a whole flat profile. */
        NOT_A_PROFILE
    }

    private ProfileShape() {
    }

    /**
     * Whether the first block looks like text: with the right key it is the profile's first 16 bytes,
     * with a wrong key 16 random ones.
     */
    static boolean startsAsText(byte[] data, int length) {
        int end = Math.min(length, OpenSslEnvelope.BLOCK_LENGTH);
        for (int i = 0; i < end; i++) {
            if (!isText(data[i])) {
                return false;
            }
        }
        return true;
    }

    /** The first problem with {@code data[0, length)} as a profile, or {@code null} if it has none. */
    static Problem check(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (!isText(data[i])) {
                return new Problem(Kind.NOT_ASCII, String.format(
                        "byte %d (0x%02x) is not ASCII text, and SPA profiles are ASCII only", i, data[i] & 0xff));
            }
        }
        int first = 0;
        while (first < length && isSpace(data[first])) {
            first++;
        }
        if (first == length) {
            return new Problem(Kind.NOT_A_PROFILE, length == 0 ? "it is empty" : "it holds only white space");
        }
        if (data[first] != '<') {
            return new Problem(Kind.NOT_A_PROFILE, "it does not start with '<', so it is not XML");
        }
        int last = length - 1;
        while (isSpace(data[last])) {
            last--;
        }
        if (data[last] != '>') {
            return new Problem(Kind.NOT_A_PROFILE, "it does not end with '>' (is it cut short?)");
        }
        int open = indexOfTag(data, length, OPEN, first);
        if (open < 0) {
            return new Problem(Kind.NOT_A_PROFILE, "it holds no <flat-profile> element");
        }
        int tagEnd = indexOf(data, length, (byte) '>', open);
        if (tagEnd < 0) {
            return new Problem(Kind.NOT_A_PROFILE, "its <flat-profile> tag is never closed");
        }
        boolean selfClosing = data[tagEnd - 1] == '/';
        // Searched backwards: the end tag sits near the end, so this costs a few bytes, not a scan.
        if (!selfClosing && lastIndexOfTag(data, length, CLOSE, tagEnd) < 0) {
            return new Problem(Kind.NOT_A_PROFILE, "it holds no </flat-profile> end tag (is it cut short?)");
        }
        return null;
    }

    private static boolean isText(byte b) {
        return TEXT[b & 0xff];
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Index of {@code name} followed by white space, {@code >} or {@code /}: the whole element name. */
    private static int indexOfTag(byte[] data, int length, byte[] name, int from) {
        outer:
        for (int i = from; i <= length - name.length - 1; i++) {
            for (int j = 0; j < name.length; j++) {
                if (data[i + j] != name[j]) {
                    continue outer;
                }
            }
            byte next = data[i + name.length];
            if (isSpace(next) || next == '>' || next == '/') {
                return i;
            }
        }
        return -1;
    }

    /** Like {@link #indexOfTag}, but the last match at or after {@code from}. */
    private static int lastIndexOfTag(byte[] data, int length, byte[] name, int from) {
        outer:
        for (int i = length - name.length - 1; i >= from; i--) {
            for (int j = 0; j < name.length; j++) {
                if (data[i + j] != name[j]) {
                    continue outer;
                }
            }
            byte next = data[i + name.length];
            if (isSpace(next) || next == '>' || next == '/') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, int length, byte b, int from) {
        for (int i = from; i < length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
