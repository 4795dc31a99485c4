package io.keyturn.events;

import java.util.Objects;

/**
 * The one exception the event contract throws: an event that breaks a field rule when it is built,
 * or a Kafka record that is not a keyturn CloudEvent when it is read. The {@link Reason} says which
 * rule was broken, so a consumer can decide (skip and alert, dead-letter, or stop) without parsing
 * messages.
 *
 * <p>Messages name the field and the rule, never the offending value: a value on the wire may be
 * anything, including a secret a producer put in the wrong place, and these messages end up in logs.
 */
public class EventContractException extends RuntimeException {

    /** Why the event or record was refused. Each reason has one stable, lowercase-kebab code. */
    public enum Reason {
        /** A payload or envelope field that is missing or breaks its rule (format, range, size). */
        INVALID_FIELD("invalid-field"),
        /** A record value or header that is not JSON, or a JSON shape that does not bind to the payload. */
        MALFORMED_EVENT("malformed-event"),
        /** A {@code specversion} other than {@code 1.0}. */
        UNSUPPORTED_SPEC_VERSION("unsupported-spec-version"),
        /** A content type other than JSON, or data sent as {@code data_base64}. */
        UNSUPPORTED_CONTENT_TYPE("unsupported-content-type"),
        /** A CloudEvent {@code type} this version of the contract does not know. */
        UNKNOWN_TYPE("unknown-type"),
        /** A known type with a {@code dataschema} this version does not know (a newer producer). */
        UNKNOWN_SCHEMA_VERSION("unknown-schema-version"),
        /** A record key that is not the event's subject, which would break per-device ordering. */
        KEY_MISMATCH("key-mismatch"),
        /** A type read from (or written to) a topic other than the one the contract assigns it. */
        TOPIC_MISMATCH("topic-mismatch"),
        /** A valid event of another type than the caller asked for. */
        UNEXPECTED_TYPE("unexpected-type");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable code, e.g. {@code unknown-type}, for metrics, logs and dead-letter headers. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /** An exception for {@code reason}; {@code message} must not quote any field value. */
    public EventContractException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the event or record was refused. */
    public Reason reason() {
        return reason;
    }
}
