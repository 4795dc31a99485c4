package io.keyturn.registry.domain;

import io.keyturn.events.CharRule;
import io.keyturn.registry.domain.RegistryException.Reason;
import java.util.Locale;
import java.util.Set;

/**
 * The rules every device field obeys before it is stored. They are the device events' own rules (so an accepted
 * device always makes a valid event) plus what a device can hold: parameter values are printable ASCII
 * (spa-protocol.md §4.3).
 */
public final class FieldRules {

    // Loops, not regexes: every imported line passes these (CharRule says why).
    static final CharRule SERIAL = CharRule.of("A-Za-z0-9", 1, 32);
    static final CharRule TENANT = CharRule.of("A-Za-z0-9._-", 1, 64);
    static final CharRule PARAM_NAME = CharRule.of("A-Za-z", "A-Za-z0-9_", 1, 64);
    static final int MAX_PARAM_VALUE = 4096;
    static final int MAX_PARAMS = 512;

    /** GPP_A/GPP_B carry the current key and directory, GPP_SA..SD are the key slots (spa-protocol.md). */
    static final Set<String> RESERVED = Set.of("GPP_A", "GPP_B", "GPP_SA", "GPP_SB", "GPP_SC", "GPP_SD");

    private FieldRules() {
    }

    /** Null or blank means "not given"; otherwise the serial, or {@code INVALID_FIELD}. */
    public static String serial(String serial) {
        return optional("serial", serial, SERIAL, "must be 1 to 32 letters or digits");
    }

    public static String tenant(String tenant) {
        return optional("tenant", tenant, TENANT, "must be 1 to 64 letters, digits, . _ -");
    }

    /**
     * A per-device parameter's name.
     *
     * @throws RegistryException {@code INVALID_FIELD} for a name a device cannot hold, {@code RESERVED_PARAMETER}
     *     for one keyturn owns
     */
    public static String paramName(String name) {
        if (name == null || !PARAM_NAME.matches(name)) {
            throw new RegistryException(Reason.INVALID_FIELD, "parameter name " + quote(name)
                    + " must be a letter then letters, digits or _ (at most 64 characters), e.g. Display_Name_1_");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (RESERVED.contains(upper)) {
            throw new RegistryException(Reason.RESERVED_PARAMETER, "parameter " + upper
                    + " is owned by keyturn (GPP_A, GPP_B and the key slots GPP_SA..GPP_SD); a staging key goes in"
                    + " stagingKey");
        }
        return name;
    }

    /** A parameter's value; the detail names the parameter and never quotes the value, which may be a password. */
    public static String paramValue(String name, String value) {
        if (value == null) {
            throw new RegistryException(Reason.INVALID_FIELD, "parameter " + name + " has no value");
        }
        if (value.length() > MAX_PARAM_VALUE) {
            throw new RegistryException(Reason.INVALID_FIELD,
                    "parameter " + name + " is longer than " + MAX_PARAM_VALUE + " characters");
        }
        int bad = firstNonPrintableAscii(value);
        if (bad >= 0) {
            throw new RegistryException(Reason.INVALID_FIELD, "parameter " + name + " has a "
                    + (value.charAt(bad) > 0x7e ? "non-ASCII" : "control") + " character at position " + (bad + 1)
                    + "; devices hold printable ASCII only");
        }
        return value;
    }

    /**
     * Whether the parameter's value is secret and so travels sealed: its name contains {@code Password},
     * {@code Passwd}, {@code _PWD} or {@code Secret}, or it is a key slot {@code GPP_SA..GPP_SD}; case-insensitive
     * (CONTRACTS.md, "Who emits what").
     */
    public static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.contains("PASSWORD") || upper.contains("PASSWD") || upper.contains("_PWD")
                || upper.contains("SECRET") || isKeySlot(upper);
    }

    /** {@code GPP_SA..GPP_SD}; a String.matches here compiled its pattern once per parameter of every import line. */
    private static boolean isKeySlot(String upper) {
        return upper.length() == 6 && upper.startsWith("GPP_S") && upper.charAt(5) >= 'A' && upper.charAt(5) <= 'D';
    }

    /**
     * A staging key: printable ASCII without space, quotes, {@code $} or brackets (so a rule can carry it as a
     * {@code --key} argument unquoted), 8 to 128 characters. The detail never quotes the key.
     */
    public static String stagingKey(String key) {
        if (key.length() < 8 || key.length() > 128) {
            throw new RegistryException(Reason.INVALID_FIELD, "stagingKey must be 8 to 128 characters, not "
                    + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '$' || c == '[' || c == ']') {
                throw new RegistryException(Reason.INVALID_FIELD, "stagingKey has a character at position " + (i + 1)
                        + " that a device cannot take; printable ASCII without space, quotes, $ or brackets");
            }
        }
        return key;
    }

    static int firstNonPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return i;
            }
        }
        return -1;
    }

    private static String optional(String field, String value, CharRule pattern, String rule) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!pattern.matches(value)) {
            throw new RegistryException(Reason.INVALID_FIELD, field + " " + quote(value) + " " + rule);
        }
        return value;
    }

    /** A caller's value for a detail: quoted when short printable ASCII, otherwise only described. */
    static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        if (value.length() <= 64 && firstNonPrintableAscii(value) < 0) {
            return "'" + value + "'";
        }
        return "(" + value.length() + " characters, not shown)";
    }
}
