package io.keyturn.protocol.profile;

import java.util.Optional;

/**
 * What the device's User account may do with a parameter in the web UI (spa-protocol.md §4.1,
 * §4.3). The Admin account is never affected.
 */
public enum UserAccess {
    /** Hidden from the User: XML {@code ua="na"}, SPC without a mark. */
    HIDDEN("na", ""),
    /** Read-only for the User: XML {@code ua="ro"}, SPC {@code ?}. */
    READ_ONLY("ro", "?"),
    /** Read-write for the User: XML {@code ua="rw"}, SPC {@code !}. */
    READ_WRITE("rw", "!");

    private final String code;
    private final String spcMark;

    UserAccess(String code, String spcMark) {
        this.code = code;
        this.spcMark = spcMark;
    }

    /** The XML {@code ua} attribute value: {@code na}, {@code ro} or {@code rw}. */
    public String code() {
        return code;
    }

    /** The SPC mark after the parameter name: {@code !}, {@code ?}, or the empty string for hidden. */
    String spcMark() {
        return spcMark;
    }

    /**
     * The access an XML {@code ua} value names, or empty for anything but {@code na}, {@code ro} or
     * {@code rw}. Matching is exact, as for element names.
     */
    public static Optional<UserAccess> fromCode(String code) {
        for (UserAccess access : values()) {
            if (access.code.equals(code)) {
                return Optional.of(access);
            }
        }
        return Optional.empty();
    }
}
