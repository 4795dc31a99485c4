package io.keyturn.events;

/** The two ways the CloudEvents Kafka binding puts an event into a record. */
public enum ContentMode {
    /**
     * The whole envelope as one JSON document in the record value, with header
     * {@code content-type: application/cloudevents+json; charset=UTF-8}. What keyturn emits.
     */
    STRUCTURED,
    /** The attributes as {@code ce_*} headers, {@code content-type: application/json}, and the data as the value. */
    BINARY
}
