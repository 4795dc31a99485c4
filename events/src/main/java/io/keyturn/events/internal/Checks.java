package io.keyturn.events.internal;

import io.keyturn.events.CharRule;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventContractException.Reason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Field rules shared by the payload records' compact constructors. Not part of the contract: the
 * rules themselves are documented on each record and in the JSON Schemas.
 *
 * <p>Every failure names the field and the rule, never the value (see {@link EventContractException}).
 */
public final class Checks {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");
    private static final int MAX_SERVED_PATH = 255;
    private static final char REPLACEMENT = '\uFFFD';

    private Checks() {
    }

    public static EventContractException invalid(String field, String rule) {
        return new EventContractException(Reason.INVALID_FIELD, field + " " + rule);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** A device MAC: exactly 12 lowercase hexadecimal digits, as devices expand {@code $MA}. */
    public static String mac(String field, String value) {
        required(field, value);
        if (!isMac(value)) {
            throw invalid(field, "must be 12 lowercase hexadecimal digits");
        }
        return value;
    }

    // A loop, not a regex: every event of every service checks at least one MAC, and the matcher was among a bulk
    // import's hottest frames (JFR).
    private static boolean isMac(String value) {
        if (value.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String optionalMac(String field, String value) {
        return value == null ? null : mac(field, value);
    }

    /** Generations count from 1, the one issued at registration (DESIGN.md §1). */
    public static long generation(String field, long value) {
        if (value < 1) {
            throw invalid(field, "must be at least 1");
        }
        return value;
    }

    public static Long optionalGeneration(String field, Long value) {
        if (value != null) {
            generation(field, value);
        }
        return value;
    }

    public static long atLeast(String field, long value, long minimum) {
        if (value < minimum) {
            throw invalid(field, "must be at least " + minimum);
        }
        return value;
    }

    public static String sha256(String field, String value) {
        required(field, value);
        if (!SHA256.matcher(value).matches()) {
            throw invalid(field, "must be 64 lowercase hexadecimal digits");
        }
        return value;
    }

    /** A value matching {@code pattern}; {@code rule} says in words what the pattern wants. */
    public static String matching(String field, String value, Pattern pattern, String rule) {
        required(field, value);
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, rule);
        }
        return value;
    }

    public static String optionalMatching(String field, String value, Pattern pattern, String rule) {
        return value == null ? null : matching(field, value, pattern, rule);
    }

    public static String matching(String field, String value, CharRule rule, String ruleText) {
        required(field, value);
        if (!rule.matches(value)) {
            throw invalid(field, ruleText);
        }
        return value;
    }

    public static String optionalMatching(String field, String value, CharRule rule, String ruleText) {
        return value == null ? null : matching(field, value, rule, ruleText);
    }

    /**
     * Decodes canonical standard Base64 (with padding, no line breaks). Canonical so that two equal
     * records always carry equal bytes and equal JSON.
     */
    public static byte[] base64(String field, String value, int maxBytes) {
        required(field, value);
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be standard Base64");
        }
        if (!isCanonical(value, decoded)) {
            throw invalid(field, "must be canonical standard Base64 with padding");
        }
        if (decoded.length == 0) {
            throw invalid(field, "must not be empty");
        }
        if (decoded.length > maxBytes) {
            throw invalid(field, "must decode to at most " + maxBytes + " bytes");
        }
        return decoded;
    }

    /**
     * Whether {@code value}, which the basic decoder turned into {@code decoded}, is the one encoding of those bytes.
     * The decoder refuses everything else but two forms: missing padding, and stray bits after the last byte in the
     * last quantum. Re-encoding the whole value would also tell, at the cost of a second pass over a file that can
     * be half a megabyte, paid by every consumer of every profile event; the last quantum is enough.
     */
    private static boolean isCanonical(String value, byte[] decoded) {
        if (value.length() % 4 != 0) {
            return false;
        }
        if (decoded.length == 0) {
            return value.isEmpty();
        }
        int tail = decoded.length % 3 == 0 ? 3 : decoded.length % 3;
        String last = Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOfRange(decoded, decoded.length - tail, decoded.length));
        return value.regionMatches(value.length() - 4, last, 0, 4);
    }

    /** Non-blank text of at most {@code maxLength} characters, without control or format characters. */
    public static String text(String field, String value, int maxLength) {
        required(field, value);
        if (value.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        return printable(field, value, maxLength);
    }

    /** Text, possibly empty, of at most {@code maxLength} characters, without control or format characters. */
    public static String printable(String field, String value, int maxLength) {
        required(field, value);
        if (value.length() > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        if (!isPrintable(value)) {
            throw invalid(field, "must not contain control or format characters");
        }
        return value;
    }

    public static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : text(field, value, maxLength);
    }

    /**
     * Text taken from a client (a requested path, a User-Agent): never refused, because a hostile
     * request must still be reportable. Control and format characters (which could forge log lines
     * or reorder text on an operator's screen) become U+FFFD, and the text is cut to
     * {@code maxLength} characters without splitting a surrogate pair. Idempotent: cleaning clean
     * text changes nothing, so records stay equal across a JSON round trip.
     */
    public static String untrusted(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        int i = 0;
        while (i < value.length() && out.length() < maxLength) {
            int cp = value.codePointAt(i);
            int width = Character.charCount(cp);
            if (!isPrintable(cp)) {
                out.append(REPLACEMENT);
            } else if (out.length() + width <= maxLength) {
                out.appendCodePoint(cp);
            } else {
                break;
            }
            i += width;
        }
        return out.toString();
    }

    /**
     * A path keyturn serves: {@code /segment/...} of letters, digits, dot, underscore and hyphen,
     * with no {@code .} or {@code ..} segment, at most 255 characters.
     */
    public static String servedPath(String field, String value) {
        required(field, value);
        if (value.length() > MAX_SERVED_PATH || !isServedPathShape(value)) {
            throw invalid(field, "must be an absolute path of [A-Za-z0-9._-] segments, at most "
                    + MAX_SERVED_PATH + " characters");
        }
        int start = 1;
        for (int i = 1; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '/') {
                int length = i - start;
                if ((length == 1 || length == 2) && value.charAt(start) == '.'
                        && value.charAt(start + length - 1) == '.') {
                    throw invalid(field, "must not contain . or .. segments");
                }
                start = i + 1;
            }
        }
        return value;
    }

    // Loops, not regexes, for the path and the IPv4 address: delivery checks both in every fetch event, and the
    // matchers were a fifth of its fetch log's samples (JFR).
    /** {@code (/[A-Za-z0-9._-]+)+}: a slash before each non-empty segment of those characters. */
    private static boolean isServedPathShape(String value) {
        if (value.isEmpty() || value.charAt(0) != '/' || value.charAt(value.length() - 1) == '/') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/') {
                if (value.charAt(i - 1) == '/') {
                    return false;
                }
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
                    || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Four decimal octets 0-255, without leading zeros, separated by dots. */
    static boolean isIpv4Literal(String value) {
        int octets = 0;
        int i = 0;
        int n = value.length();
        while (true) {
            int start = i;
            int octet = 0;
            while (i < n && i - start < 3 && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                octet = octet * 10 + (value.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && value.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (octets == 4) {
                return i == n;
            }
            if (i >= n || value.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }

    /**
     * An IPv4 or IPv6 address literal without zone or port. Checked without name resolution: a host
     * name is refused, never looked up.
     */
    public static String ipAddress(String field, String value) {
        required(field, value);
        if (isIpv4Literal(value) || isIpv6Literal(value)) {
            return value;
        }
        throw invalid(field, "must be an IPv4 or IPv6 address literal");
    }

    private static boolean isIpv6Literal(String value) {
        if (value.indexOf(':') < 0 || value.length() > 45 || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // Starting with a hex digit or colon and holding a colon, the JDK parses a literal and
            // never resolves a name.
            return InetAddress.getByName(value) instanceof Inet6Address
                    || value.startsWith("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An immutable copy with keys in sorted order, refusing null keys or values. */
    public static <V> Map<String, V> sortedMap(String field, Map<String, V> value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        for (Map.Entry<String, V> e : value.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw invalid(field, "must not hold null names or values");
            }
        }
        // TreeMap copies a map already sorted the same way (a domain object's TreeMap) in one linear pass.
        return Collections.unmodifiableSortedMap(new TreeMap<>(value));
    }

    /** An immutable copy refusing null elements; absent means empty. */
    public static <T> List<T> list(String field, List<T> value) {
        if (value == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(value.size());
        for (T element : value) {
            if (element == null) {
                throw invalid(field, "must not hold null elements");
            }
            copy.add(element);
        }
        return List.copyOf(copy);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static boolean isPrintable(String value) {
        return value.codePoints().allMatch(Checks::isPrintable);
    }

    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return !Character.isISOControl(cp)
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }
}
