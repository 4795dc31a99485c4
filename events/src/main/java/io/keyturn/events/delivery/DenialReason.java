package io.keyturn.events.delivery;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why delivery refused a request. An open set: a newer producer may add reasons within the same
 * schema version, and a consumer that does not know one reads it as {@link #OTHER}.
 */
public enum DenialReason {
    /** Nothing is published at the path (and it never was, or it would be a retired-path hit). */
    NOT_FOUND("not-found"),
    /** An mTLS bootstrap was asked for without a client certificate. */
    CLIENT_CERTIFICATE_REQUIRED("client-certificate-required"),
    /** The client certificate names another MAC than the one requested. */
    WRONG_CLIENT_CERTIFICATE("wrong-client-certificate"),
    /** The client certificate does not chain to a trusted vendor CA. */
    UNTRUSTED_CA("untrusted-ca"),
    /** The client certificate is expired or not yet valid. */
    EXPIRED_CERTIFICATE("expired-certificate"),
    /** The client certificate's subject lacks a well-formed MAC, model or serial. */
    MALFORMED_SUBJECT("malformed-subject"),
    /** A pre-2.0 generic certificate ({@code ciscogeneric}), which identifies no unit. */
    GENERIC_CERTIFICATE("generic-certificate"),
    /** The staging-key bootstrap was already served and is disarmed until re-armed. */
    BOOTSTRAP_DISARMED("bootstrap-disarmed"),
    /** The device is decommissioned. */
    DEVICE_DECOMMISSIONED("device-decommissioned"),
    /** The client exceeded a rate limit. */
    RATE_LIMITED("rate-limited"),
    /** A request that is not a read of a file (TFTP write, HTTP method other than GET or HEAD). */
    METHOD_NOT_ALLOWED("method-not-allowed"),
    /** A malformed request: a bad TFTP packet, a path with {@code ..} or control characters. */
    MALFORMED_REQUEST("malformed-request"),
    /** A reason not listed here; {@code detail} says more. */
    @JsonEnumDefaultValue
    OTHER("other");

    private final String code;

    DenialReason(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code wrong-client-certificate}. */
    @JsonValue
    public String code() {
        return code;
    }
}
