package io.keyturn.protocol.tftp;

/**
 * TFTP text (file names, modes, options, messages) is netascii; we accept only its printable part,
 * so a name can never smuggle control characters into paths or log lines.
 */
final class PrintableAscii {

    private PrintableAscii() {
    }

    static boolean isPrintable(int b) {
        return b >= 0x20 && b <= 0x7e;
    }

    static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isPrintable(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String require(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what);
        }
        if (!isPrintable(s)) {
            throw new IllegalArgumentException(what + " must be printable ASCII");
        }
        return s;
    }

    /** A copy safe for logs and error packets: non-printable characters become '?', cut at {@code max}. */
    static String sanitize(String s, int max) {
        int n = Math.min(s.length(), max);
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            out.append(isPrintable(c) ? c : '?');
        }
        return out.toString();
    }
}
