package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;

/**
 * The three spellings of a parameter name and the mapping between them (spa-protocol.md §4.1, §4.3).
 *
 * <ul>
 *   <li>Web-UI label: {@code Dial Plan[1]}, {@code SIP T1}.
 *   <li>SPC source: spaces become {@code _}, per-line parameters keep their brackets: {@code Dial_Plan[1]}.
 *   <li>XML element (the form {@link FlatProfile} stores): spaces and {@code [ ] ( ) /} become {@code _}:
 *       {@code Dial_Plan_1_}.
 * </ul>
 *
 * <p>A stored name starts with an ASCII letter or {@code _} and continues with ASCII letters, digits,
 * {@code _}, {@code -} or {@code .}: a valid XML name that real SPA names such as
 * {@code Auth_Resync-Reboot_1_} fit, and that needs no escaping anywhere.
 */
public final class ParameterNames {

    private ParameterNames() {
    }

    /**
     * The XML element name for a web-UI label, an SPC name or an XML name: {@code Proxy[1]} →
     * {@code Proxy_1_}, {@code Dial Plan[1]} → {@code Dial_Plan_1_}, {@code GPP_A} → {@code GPP_A}.
     *
     * @throws ProtocolException {@code NON_ASCII} if the name holds a character outside ASCII,
     *     {@code INVALID_PARAMETER_NAME} if the result is not a name a device could hold
     */
    public static String fromLabel(String label) {
        if (isValid(label)) {
            return label;
        }
        StringBuilder name = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            name.append(switch (c) {
                case ' ', '[', ']', '(', ')', '/' -> '_';
                default -> c;
            });
        }
        String result = name.toString();
        int bad = firstInvalid(result);
        if (bad >= 0) {
            // The mapping keeps positions, so the message can show the name as it was written.
            throw invalid(label, bad);
        }
        return result;
    }

    /**
     * The SPC spelling of an XML name: a trailing per-line index {@code _n_} goes back into brackets,
     * {@code Proxy_1_} → {@code Proxy[1]}; any other name is returned as it is. {@link #fromLabel}
     * reverses it.
     */
    public static String toSpc(String name) {
        int end = name.length() - 1;
        if (end < 3 || name.charAt(end) != '_' || !isDigit(name.charAt(end - 1))) {
            return name;
        }
        int i = end - 1;
        while (i > 0 && isDigit(name.charAt(i - 1))) {
            i--;
        }
        // i is the first digit; it must follow an '_' that is not the whole prefix.
        if (i < 2 || name.charAt(i - 1) != '_') {
            return name;
        }
        return name.substring(0, i - 1) + '[' + name.substring(i, end) + ']';
    }

    /** Whether {@code name} is already a stored (XML) parameter name. */
    public static boolean isValid(String name) {
        return !name.isEmpty() && firstInvalid(name) < 0;
    }

    /** Index of the first character that may not stand where it is in a stored name, or -1. */
    static int firstInvalid(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = isLetter(c) || c == '_' || (i > 0 && (isDigit(c) || c == '-' || c == '.'));
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    /** The exception for a name whose character at {@code index} is not allowed; never quotes values. */
    static ProtocolException invalid(String name, int index) {
        if (index < name.length() && name.charAt(index) > 0x7f) {
            return new ProtocolException(Reason.NON_ASCII,
                    "parameter name has a character outside ASCII at position " + (index + 1)
                            + "; SPA firmware reads ASCII only");
        }
        if (name.isEmpty()) {
            return new ProtocolException(Reason.INVALID_PARAMETER_NAME, "parameter name is empty");
        }
        return new ProtocolException(Reason.INVALID_PARAMETER_NAME, "parameter name '" + printable(name)
                + "' is not valid at position " + (index + 1)
                + ": names start with a letter or '_' and hold only letters, digits, '_', '-' and '.'");
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 64));
        for (int i = 0; i < name.length() && i < 64; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return name.length() > 64 ? out + "..." : out.toString();
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
