package io.keyturn.protocol.rule;

/** Character classes and message quoting shared by the rule parser and the AST. */
final class RuleText {

    private RuleText() {
    }

    /** Whitespace inside a rule; newlines appear once an XML profile has folded a value. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A parameter name as a rule writes it: {@code Line_Enable_1_}, {@code GPP_A}, {@code d}. */
    static boolean isParameterName(CharSequence s) {
        if (s.length() == 0 || !(isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** An integer operand: an optional minus and 1 to 18 digits, so it always fits a long. */
    static boolean isInteger(CharSequence s) {
        int start = s.length() > 0 && s.charAt(0) == '-' ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Numeric order of two strings {@link #isInteger} accepted, without allocating. */
    static int compareIntegers(CharSequence a, CharSequence b) {
        boolean negA = a.charAt(0) == '-';
        boolean negB = b.charAt(0) == '-';
        int magnitude = Version.compareDigits(a, negA ? 1 : 0, a.length(), b, negB ? 1 : 0, b.length());
        boolean zeroA = isZero(a, negA ? 1 : 0);
        boolean zeroB = isZero(b, negB ? 1 : 0);
        boolean reallyNegA = negA && !zeroA;
        boolean reallyNegB = negB && !zeroB;
        if (reallyNegA != reallyNegB) {
            return reallyNegA ? -1 : 1;
        }
        return reallyNegA ? -magnitude : magnitude;
    }

    private static boolean isZero(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /**
     * Quotes a short piece of rule text for an error message: at most 40 characters, control and
     * non-ASCII characters escaped, so a message is always one printable line.
     */
    static String quoteForMessage(CharSequence s) {
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(s.length(), 40);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > limit) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** Whether a value must be written in double quotes inside an options bracket. */
    static boolean needsQuotes(String value) {
        if (value.isEmpty() || value.startsWith("--")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c) || c == ']' || c == '"') {
                return true;
            }
        }
        return false;
    }
}
