package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter as a profile states it: a name, a value that may be absent, and a user access that
 * may be absent (spa-protocol.md §4.1, §4.3).
 *
 * <ul>
 *   <li>An <em>absent</em> value ({@code <GPP_B/>}, SPC {@code GPP_B ;}) leaves the device's value
 *       unchanged; a present value, even the empty string ({@code <GPP_A></GPP_A>}), sets it.
 *   <li>An absent access (XML without {@code ua}) leaves the device's user access unchanged. SPC
 *       source always states one: no mark means {@link UserAccess#HIDDEN}.
 * </ul>
 *
 * <p>Values are held as the device holds them: newlines become spaces and leading and trailing
 * spaces and tabs are trimmed (§4.3); what remains must be printable ASCII or tab.
 *
 * <p>{@link #toString()} never shows the value: values carry keys and passwords.
 */
public final class Parameter {

    private final String name;
    private final String value;
    private final UserAccess access;

    private Parameter(String name, String value, UserAccess access) {
        this.name = name;
        this.value = value;
        this.access = access;
    }

    /**
     * A parameter that sets {@code value} and leaves the user access unchanged.
     *
     * @param name an XML name, an SPC name or a web-UI label ({@link ParameterNames#fromLabel})
     * @throws ProtocolException {@code INVALID_PARAMETER_NAME} or {@code NON_ASCII} for a bad name,
     *     {@code NON_ASCII} for a value with a character outside printable ASCII and tab
     */
    public static Parameter of(String name, String value) {
        return of(name, value, null);
    }

    /**
     * A parameter that sets {@code value} and, unless {@code access} is null, the user access.
     *
     * @throws ProtocolException as {@link #of(String, String)}
     */
    public static Parameter of(String name, String value, UserAccess access) {
        String stored = ParameterNames.fromLabel(Objects.requireNonNull(name, "name"));
        return new Parameter(stored, checkedValue(stored, Objects.requireNonNull(value, "value")), access);
    }

    /**
     * A parameter that leaves the value unchanged and, unless {@code access} is null, sets the user
     * access: {@code <Name ua="rw"/>}, SPC {@code Name ! ;}.
     *
     * @throws ProtocolException {@code INVALID_PARAMETER_NAME} or {@code NON_ASCII} for a bad name
     */
    public static Parameter unchanged(String name, UserAccess access) {
        return new Parameter(ParameterNames.fromLabel(Objects.requireNonNull(name, "name")), null, access);
    }

    /** For parsers that have already normalised and checked the name and value. */
    static Parameter trusted(String name, String value, UserAccess access) {
        return new Parameter(name, value, access);
    }

    /** The XML form of the name, e.g. {@code Dial_Plan_1_}. */
    public String name() {
        return name;
    }

    /** The value, or empty if the value is absent (left unchanged on the device). */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Whether a value is present, i.e. the profile sets it (possibly to the empty string). */
    public boolean hasValue() {
        return value != null;
    }

    /** The user access, or empty if the profile leaves it unchanged. */
    public Optional<UserAccess> access() {
        return Optional.ofNullable(access);
    }

    /** A copy with the given user access, or with none if {@code access} is null. */
    public Parameter withAccess(UserAccess access) {
        return access == this.access ? this : new Parameter(name, value, access);
    }

    String rawValue() {
        return value;
    }

    UserAccess rawAccess() {
        return access;
    }

    /**
     * This parameter followed by {@code later} for the same name, as the device applies them: a present
     * value replaces, an absent one keeps; a stated access replaces, an absent one keeps.
     */
    Parameter then(Parameter later) {
        String v = later.value != null ? later.value : value;
        UserAccess a = later.access != null ? later.access : access;
        if (v == later.value && a == later.access) {
            return later;
        }
        return v == value && a == access ? this : new Parameter(name, v, a);
    }

    /**
     * The value as the device stores it (§4.3): CR LF, CR and LF each become one space, then leading
     * and trailing spaces and tabs are trimmed. Returns {@code raw} itself when nothing changes.
     */
    static String deviceValue(String raw) {
        String v = raw;
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = v.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
        }
        int start = 0;
        int end = v.length();
        while (start < end && isBlank(v.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(v.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == v.length() ? v : v.substring(start, end);
    }

    /** Index of the first character a device cannot hold (anything but tab and printable ASCII), or -1. */
    static int firstUnsupported(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return i;
            }
        }
        return -1;
    }

    private static String checkedValue(String name, String raw) {
        String v = deviceValue(raw);
        int bad = firstUnsupported(v);
        if (bad >= 0) {
            throw new ProtocolException(Reason.NON_ASCII, "parameter " + name + ": character " + (bad + 1)
                    + " of the value is outside printable ASCII; SPA firmware reads ASCII only");
        }
        return v;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter p && name.equals(p.name) && Objects.equals(value, p.value)
                && access == p.access;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, access);
    }

    /** Name, whether a value is set, and the access; never the value itself. */
    @Override
    public String toString() {
        return name + (value == null ? " (value unchanged" : " (value set")
                + (access == null ? ")" : ", ua=" + access.code() + ")");
    }
}
