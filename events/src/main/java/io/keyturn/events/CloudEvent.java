package io.keyturn.events;

import io.keyturn.events.internal.Checks;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A keyturn event in its CloudEvents 1.0 envelope. The attributes that follow from the payload
 * ({@code type}, {@code dataschema}, {@code subject}) are derived from it, so an envelope can never
 * disagree with its data; {@code specversion} is always {@code 1.0} and {@code datacontenttype}
 * always {@code application/json}. On Kafka it is written and read by {@link CloudEventCodec}.
 *
 * @param id the event id, a UUID; the idempotency key: a consumer that has processed an id skips
 *     any later event with the same id
 * @param source the emitting service, {@code /keyturn/<service>} (see {@link Sources})
 * @param time when the occurrence happened, with the precision the producer had
 * @param data the payload
 * @param extensions CloudEvents extension attributes (e.g. {@code traceparent}) by name: 1 to 20
 *     lowercase letters or digits, string values; empty when none
 * @param <T> the payload record
 */
public record CloudEvent<T extends EventData>(
        UUID id, String source, Instant time, T data, Map<String, String> extensions) {

    /** The CloudEvents version of the envelope. */
    public static final String SPEC_VERSION = "1.0";
    /** The content type of {@code data}. */
    public static final String DATA_CONTENT_TYPE = "application/json";

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
    private static final int MAX_EXTENSION_VALUE = 1024;

    /** Attribute names defined by the specification, which an extension may not reuse. */
    static final Set<String> RESERVED_NAMES = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "data_base64");

    /**
     * {@code /keyturn/[a-z0-9][a-z0-9-]{0,62}}, as a loop: every event made checks its source, and the matcher
     * showed among delivery's fetch-log samples (JFR).
     */
    static boolean isSource(String source) {
        String prefix = "/keyturn/";
        int n = source.length();
        if (!source.startsWith(prefix) || n == prefix.length() || n > prefix.length() + 63) {
            return false;
        }
        for (int i = prefix.length(); i < n; i++) {
            char c = source.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > prefix.length())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the field rules above and that {@code data} is a registered payload.
     *
     * @throws EventContractException {@code invalid-field}, naming the first field that breaks its
     *     rule
     */
    public CloudEvent {
        Checks.required("id", id);
        Checks.required("source", source);
        if (!isSource(source)) {
            throw Checks.invalid("source", "must be /keyturn/<service> in lowercase letters, digits and -");
        }
        Checks.required("time", time);
        Checks.required("data", data);
        EventTypes.of(dataClass(data));
        Map<String, String> copy = new TreeMap<>();
        if (extensions != null) {
            for (Map.Entry<String, String> e : extensions.entrySet()) {
                String name = e.getKey();
                if (name == null || !EXTENSION_NAME.matcher(name).matches() || RESERVED_NAMES.contains(name)) {
                    throw Checks.invalid("extensions",
                            "names must be 1 to 20 lowercase letters or digits, other than the spec's attributes");
                }
                copy.put(name, Checks.text("extension " + name, e.getValue(), MAX_EXTENSION_VALUE));
            }
        }
        extensions = Collections.unmodifiableMap(copy);
    }

    /** A new event with a new id ({@link EventIds}) and the clock's current time. */
    public static <T extends EventData> CloudEvent<T> of(String source, T data, Clock clock) {
        return new CloudEvent<>(EventIds.next(), source, clock.instant(), data, Map.of());
    }

    /** An event with a given id and time, e.g. one rebuilt from an outbox row. */
    public static <T extends EventData> CloudEvent<T> of(UUID id, String source, Instant time, T data) {
        return new CloudEvent<>(id, source, time, data, Map.of());
    }

    /** This event with one more extension attribute (or a new value for an existing one). */
    public CloudEvent<T> withExtension(String name, String value) {
        Map<String, String> more = new TreeMap<>(extensions);
        more.put(name, value);
        return new CloudEvent<>(id, source, time, data, more);
    }

    /** Always {@code 1.0}. */
    public String specversion() {
        return SPEC_VERSION;
    }

    /** The registry entry of the payload. */
    public EventType<T> eventType() {
        return EventTypes.of(dataClass(data));
    }

    /** The CloudEvent type, e.g. {@code keyturn.rotation.confirmed}. */
    public String type() {
        return eventType().type();
    }

    /** The versioned schema URI of the payload, e.g. {@code https://keyturn.io/schemas/rotation.confirmed/v1}. */
    public URI dataschema() {
        return eventType().dataschema();
    }

    /** Always {@code application/json}. */
    public String datacontenttype() {
        return DATA_CONTENT_TYPE;
    }

    /** The subject and Kafka record key: the device MAC (see {@link EventData#subject()}). */
    public String subject() {
        return data.subject();
    }

    /** The topic the event is published to. */
    public String topic() {
        return eventType().topic();
    }

    @Override
    public String toString() {
        return "CloudEvent[id=" + id + ", source=" + source + ", type=" + type() + ", subject=" + subject()
                + ", time=" + time + ", extensions=" + extensions.keySet() + ", data=" + data + "]";
    }

    @SuppressWarnings("unchecked")
    private static <T extends EventData> Class<T> dataClass(T data) {
        return (Class<T>) data.getClass();
    }
}
