package io.keyturn.events;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One entry of the contract: a CloudEvent {@code type} at one schema version, the record that is
 * its {@code data}, and the topic it travels on. The list of entries is {@link EventTypes}.
 *
 * @param type the CloudEvent type, {@code keyturn.<aggregate>.<past-tense>}
 * @param dataClass the payload record
 * @param topic the Kafka topic the type is published to
 * @param version the schema version, from 1; a breaking change adds a new version (or type)
 * @param <T> the payload record
 */
public record EventType<T extends EventData>(String type, Class<T> dataClass, String topic, int version) {

    /** Where the contract's JSON Schemas are published; {@link #dataschema()} builds on it. */
    public static final String SCHEMA_BASE = "https://keyturn.io/schemas/";

    private static final Pattern TYPE = Pattern.compile("keyturn\\.[a-z]+\\.[a-z]+(-[a-z]+)*");

    // Every event encoded or decoded asks for its dataschema; parsing the URI each time showed in a bulk import's
    // profile. A record holds no other fields, so the parsed URIs live here, one per entry.
    private static final Map<EventType<?>, URI> DATASCHEMAS = new ConcurrentHashMap<>();

    /** Checks the type name's shape and the version; a bad entry is a programming error (IllegalArgumentException). */
    public EventType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(topic, "topic");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type must be keyturn.<aggregate>.<past-tense>: " + type);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
    }

    /**
     * The CloudEvent {@code dataschema}: {@code https://keyturn.io/schemas/<aggregate>.<past-tense>/v<version>},
     * e.g. {@code https://keyturn.io/schemas/rotation.confirmed/v1}. It is also the {@code $id} of the
     * schema file.
     */
    public URI dataschema() {
        // get() first: computeIfAbsent locks the key's bin whenever the key is not the bin's first node, and two
        // delivery event loops encoding fetch events then queued on that lock for milliseconds (JFR, keep-alive peak).
        URI known = DATASCHEMAS.get(this);
        if (known != null) {
            return known;
        }
        return DATASCHEMAS.computeIfAbsent(this,
                t -> URI.create(SCHEMA_BASE + t.type.substring("keyturn.".length()) + "/v" + t.version));
    }

    /**
     * The record's own hash combines its four components through a method handle, and every event encoded or decoded
     * asks for its type's dataschema by it: it was the fetch log's hottest frame (JFR, 39 of 412 samples). The type
     * name's hash is cached in the String; equal types have equal names and versions.
     */
    @Override
    public int hashCode() {
        return type.hashCode() * 31 + version;
    }

    /** The classpath resource of this type's JSON Schema, e.g. {@code /schemas/keyturn.rotation.confirmed/v1.json}. */
    public String schemaResource() {
        return "/schemas/" + type + "/v" + version + ".json";
    }
}
