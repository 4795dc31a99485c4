package io.keyturn.events;

/**
 * A field made of characters from one ASCII set (its first character possibly from another), {@code min} to
 * {@code max} long: what a regex such as {@code [A-Za-z][A-Za-z0-9_]{0,63}} says, checked by a loop. Every event's
 * fields are checked when it is built and again when it is read, and the regex matchers were a fifth of a bulk
 * import's CPU in the registry (JFR). Public so that a service checking the same fields before it builds an event
 * (the registry's device rules) says them the same way.
 */
public final class CharRule {

    private final boolean[] first;
    private final boolean[] rest;
    private final int min;
    private final int max;

    private CharRule(String firstSet, String restSet, int min, int max) {
        this.first = set(firstSet);
        this.rest = set(restSet);
        this.min = min;
        this.max = max;
    }

    /**
     * @param firstSet the first character's set, as a regex class body without brackets ({@code A-Za-z0-9})
     * @param restSet every other character's set
     */
    public static CharRule of(String firstSet, String restSet, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("lengths " + min + ".." + max);
        }
        return new CharRule(firstSet, restSet, min, max);
    }

    /** Every character from {@code set}. */
    public static CharRule of(String set, int min, int max) {
        return of(set, set, min, max);
    }

    public boolean matches(String value) {
        int n = value.length();
        if (n < min || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!in(i == 0 ? first : rest, value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} is 1 to {@code maxLength} characters of {@code /}-separated non-empty segments, each
     * character of a segment from this rule's set (its lengths are not used).
     */
    public boolean matchesPath(String value, int maxLength) {
        int n = value.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '/') {
                if (segmentStart) {
                    return false;
                }
                segmentStart = true;
            } else if (in(rest, c)) {
                segmentStart = false;
            } else {
                return false;
            }
        }
        return !segmentStart;
    }

    private static boolean in(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    /** {@code a-z}, {@code 0-9} and single characters; a {@code -} first or last stands for itself. */
    private static boolean[] set(String spec) {
        boolean[] set = new boolean[128];
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                char to = spec.charAt(i + 2);
                if (to < c || to >= 128) {
                    throw new IllegalArgumentException("range " + c + "-" + to);
                }
                for (char x = c; x <= to; x++) {
                    set[x] = true;
                }
                i += 2;
            } else {
                if (c >= 128) {
                    throw new IllegalArgumentException("not ASCII: " + c);
                }
                set[c] = true;
            }
        }
        return set;
    }
}
