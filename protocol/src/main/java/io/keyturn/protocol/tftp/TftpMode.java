package io.keyturn.protocol.tftp;

import java.util.Locale;
import java.util.Optional;

/**
 * The transfer modes of RFC 1350. SPA devices fetch in {@link #OCTET}; {@link #NETASCII} is served
 * too (converted with {@link Netascii}), because it is the default of many command-line clients.
 * {@link #MAIL} is obsolete: it decodes, and servers refuse it.
 */
public enum TftpMode {
    /** Text: lines end in CR LF on the wire, a bare CR is sent as CR NUL. */
    NETASCII("netascii"),
    /** Raw bytes. */
    OCTET("octet"),
    /** Obsolete mail delivery (RFC 1350 §1). */
    MAIL("mail");

    private final String wireName;

    TftpMode(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name sent in requests. */
    public String wireName() {
        return wireName;
    }

    /** The mode whose name this is, compared case-insensitively as RFC 1350 requires. */
    public static Optional<TftpMode> of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (TftpMode mode : values()) {
            if (mode.wireName.equals(lower)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
