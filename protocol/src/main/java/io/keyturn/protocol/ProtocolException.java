package io.keyturn.protocol;

import java.util.Objects;

/**
 * The one exception the protocol library throws for bad input: a profile, rule, SPC source or
 * encrypted file that the device would reject too. The {@link Reason} says which rule was broken,
 * so callers (REST mappers, the CLI, the TFTP server) can react without parsing messages.
 *
 * <p>Messages never contain key material: callers may log them and show them to operators.
 */
public class ProtocolException extends RuntimeException {

    /** Why the input was refused. Each reason has one stable, lowercase-kebab code. */
    public enum Reason {
        /** A value or element name outside ASCII; SPA firmware supports ASCII only (spa-protocol.md §4.3). */
        NON_ASCII("non-ascii"),
        /** XML that is not well-formed, or holds no {@code <flat-profile>}. */
        MALFORMED_XML("malformed-xml"),
        /** SPC plain-text source that does not follow {@code Name ["!"|"?"] ["value"] ;}. */
        MALFORMED_SPC("malformed-spc"),
        /** An {@code import} in SPC source that cannot be resolved, or imports itself. */
        UNRESOLVED_IMPORT("unresolved-import"),
        /** A parameter name the device could not hold. */
        INVALID_PARAMETER_NAME("invalid-parameter-name"),
        /** A Profile_Rule (or Upgrade_Rule, Report_Rule) that does not follow the grammar of §1.1. */
        MALFORMED_RULE("malformed-rule"),
        /** Unbalanced brackets, parentheses or quotes in a rule. */
        UNBALANCED_RULE("unbalanced-rule"),
        /** A condition that does not parse or compares incompatible operands (§1.2). */
        MALFORMED_CONDITION("malformed-condition"),
        /** A URL without an absolute path or with an unknown scheme (§1.3). */
        MALFORMED_URL("malformed-url"),
        /** A file that does not start with {@code Salted__}: not in OpenSSL {@code enc} format at all. */
        NOT_ENCRYPTED_PROFILE("not-encrypted-profile"),
        /**
         * A file cut short: it ends inside the {@code Salted__} header or salt, holds no ciphertext, or its
         * ciphertext is not a whole number of 16-byte AES blocks.
         */
        TRUNCATED("truncated"),
        /** The key does not open the file (wrong key, or a key derived with another digest such as SHA-256). */
        WRONG_KEY("wrong-key"),
        /** The file decrypts but what comes out is not a profile (corrupt ciphertext or gzip stream). */
        CORRUPT_PROFILE("corrupt-profile"),
        /**
         * A profile over the size limit (16 MiB by default), far beyond what a device holds; when opening a
         * file, usually a gzip stream that inflates without bound.
         */
        PROFILE_TOO_LARGE("profile-too-large"),
        /** A key or passphrase the device cannot use (empty, non-printable, or characters a rule cannot quote). */
        INVALID_KEY("invalid-key"),
        /** A MAC address that is not 12 hexadecimal digits. */
        INVALID_MAC("invalid-mac"),
        /**
         * A rule URL names no server and the device knows no DHCP option 66 server to use instead
         * (spa-protocol.md §1.3): the device would fail this rule.
         */
        NO_SERVER("no-server"),
        /** A TFTP datagram that breaks RFC 1350/2347: bad opcode, missing NUL, bad length, non-ASCII text. */
        MALFORMED_TFTP("malformed-tftp");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable code, e.g. {@code wrong-key}, used in problem types and CLI output. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the input was refused. */
    public Reason reason() {
        return reason;
    }
}
