package io.keyturn.protocol.rule;

import java.util.Objects;
import java.util.Optional;

/**
 * An SPA firmware or hardware version, {@code major.minor.build} with an optional suffix:
 * {@code 2.0.6(b)}, {@code 1.0.31(b)}, {@code 2.0.3(0412s)}, {@code 1.88.1} (spa-protocol.md §1.2).
 *
 * <p>Ordering: major, minor and build compare numerically; then a version without a suffix sorts
 * before any suffix of the same build, so {@code 2.0.6 < 2.0.6(a) < 2.0.6(b)} and
 * {@code $SWVER ge 2.0.6} holds for every 2.0.6 respin. Suffixes compare in natural order: runs of
 * digits numerically ({@code (9a) < (10a)}, {@code (0412s) < (0413a)}), digits before letters,
 * letters case-insensitively, shorter first; two suffixes that still tie (differing only in case or
 * leading zeros) fall back to plain character order, so {@code compareTo} is 0 only for equal
 * versions. A suffix may be written in parentheses or glued to the build ({@code 7.5.2b}, as later
 * firmware prints it); both spellings compare equal.
 *
 * <p>Each number has at most 9 digits and a suffix is 1 to 16 letters, digits, {@code _} or
 * {@code -}; anything else is not a version.
 */
public final class Version implements Comparable<Version> {

    private final int major;
    private final int minor;
    private final int build;
    private final String suffix;
    private final String text;

    private Version(int major, int minor, int build, String suffix, String text) {
        this.major = major;
        this.minor = minor;
        this.build = build;
        this.suffix = suffix;
        this.text = text;
    }

    /** Parses a version, or returns empty when {@code text} is not one. */
    public static Optional<Version> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        if (!isVersion(text)) {
            return Optional.empty();
        }
        int dot1 = text.indexOf('.');
        int dot2 = text.indexOf('.', dot1 + 1);
        int end = dot2 + 1;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        String suffix = end == text.length() ? ""
                : text.charAt(end) == '(' ? text.substring(end + 1, text.length() - 1) : text.substring(end);
        return Optional.of(new Version(Integer.parseInt(text, 0, dot1, 10),
                Integer.parseInt(text, dot1 + 1, dot2, 10), Integer.parseInt(text, dot2 + 1, end, 10), suffix, text));
    }

    /**
     * Parses a version.
     *
     * @throws IllegalArgumentException when {@code text} is not a version
     */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a version major.minor.build[(suffix)]: "
                + RuleText.quoteForMessage(text)));
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    public int build() {
        return build;
    }

    /** The suffix without parentheses ({@code b} for {@code 2.0.6(b)}), empty when there is none. */
    public String suffix() {
        return suffix;
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(build, o.build);
        }
        return c != 0 ? c : compareSuffixes(suffix, 0, suffix.length(), o.suffix, 0, o.suffix.length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, build, suffix);
    }

    /** The version as written. */
    @Override
    public String toString() {
        return text;
    }

    // --- allocation-free forms used by condition evaluation ---

    /** Whether {@code s} is a version in the grammar above. */
    static boolean isVersion(CharSequence s) {
        int n = s.length();
        int i = 0;
        for (int part = 0; part < 3; part++) {
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
            if (part < 2) {
                if (i >= n || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        if (i == n) {
            return true;
        }
        boolean parenthesised = s.charAt(i) == '(';
        if (parenthesised) {
            i++;
        } else if (!isLetter(s.charAt(i))) {
            return false;
        }
        int start = i;
        while (i < n && isSuffixChar(s.charAt(i))) {
            i++;
        }
        int length = i - start;
        if (length == 0 || length > 16) {
            return false;
        }
        return parenthesised ? i == n - 1 && s.charAt(i) == ')' : i == n;
    }

    /** Compares two strings that {@link #isVersion} accepted, without allocating. */
    static int compare(CharSequence a, CharSequence b) {
        int ia = 0;
        int ib = 0;
        for (int part = 0; part < 3; part++) {
            int ea = ia;
            while (ea < a.length() && isDigit(a.charAt(ea))) {
                ea++;
            }
            int eb = ib;
            while (eb < b.length() && isDigit(b.charAt(eb))) {
                eb++;
            }
            int c = compareDigits(a, ia, ea, b, ib, eb);
            if (c != 0) {
                return c;
            }
            ia = ea + 1;
            ib = eb + 1;
        }
        // ia/ib now sit one past the build number: back up to the suffix start.
        ia--;
        ib--;
        int sa = ia < a.length() && a.charAt(ia) == '(' ? ia + 1 : ia;
        int sb = ib < b.length() && b.charAt(ib) == '(' ? ib + 1 : ib;
        int za = sa != ia ? a.length() - 1 : a.length();
        int zb = sb != ib ? b.length() - 1 : b.length();
        return compareSuffixes(a, sa, za, b, sb, zb);
    }

    /** Natural order of two suffixes given as ranges; the empty suffix sorts first. */
    static int compareSuffixes(CharSequence a, int fromA, int toA, CharSequence b, int fromB, int toB) {
        int i = fromA;
        int j = fromB;
        while (i < toA && j < toB) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            boolean da = isDigit(ca);
            boolean db = isDigit(cb);
            if (da && db) {
                int ea = i;
                while (ea < toA && isDigit(a.charAt(ea))) {
                    ea++;
                }
                int eb = j;
                while (eb < toB && isDigit(b.charAt(eb))) {
                    eb++;
                }
                int c = compareDigits(a, i, ea, b, j, eb);
                if (c != 0) {
                    return c;
                }
                i = ea;
                j = eb;
            } else if (da != db) {
                return da ? -1 : 1;
            } else {
                int c = Character.compare(lower(ca), lower(cb));
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
        }
        int c = Boolean.compare(i < toA, j < toB);
        if (c != 0) {
            return c;
        }
        // Tie (case or leading zeros): plain character order, so only identical suffixes are equal.
        int la = toA - fromA;
        int lb = toB - fromB;
        for (int k = 0; k < Math.min(la, lb); k++) {
            int d = Character.compare(a.charAt(fromA + k), b.charAt(fromB + k));
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(la, lb);
    }

    /** Numeric order of two digit runs of any length: leading zeros skipped, then length, then digits. */
    static int compareDigits(CharSequence a, int fromA, int toA, CharSequence b, int fromB, int toB) {
        while (fromA < toA - 1 && a.charAt(fromA) == '0') {
            fromA++;
        }
        while (fromB < toB - 1 && b.charAt(fromB) == '0') {
            fromB++;
        }
        int c = Integer.compare(toA - fromA, toB - fromB);
        for (int k = 0; c == 0 && k < toA - fromA; k++) {
            c = Character.compare(a.charAt(fromA + k), b.charAt(fromB + k));
        }
        return c;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSuffixChar(char c) {
        return isDigit(c) || isLetter(c) || c == '_' || c == '-';
    }
}
