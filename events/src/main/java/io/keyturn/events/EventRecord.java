package io.keyturn.events;

import io.keyturn.events.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a Kafka record, free of any Kafka client class so that each service can adapt it to
 * the client it uses. Header values are raw bytes; Kafka allows a header name twice, but the
 * CloudEvents binding never does, so an adapter should pass each name's last value.
 *
 * <p>Byte arrays are copied in and out: an instance cannot change after it is made.
 * {@link #toString()} shows header names and the value's size, never the value.
 */
public final class EventRecord {

    private final String topic;
    private final String key;
    private final Map<String, byte[]> headers;
    private final byte[] value;

    /**
     * @param topic the topic the record is (or will be) on
     * @param key the record key as text (the event subject), or {@code null} if the record had none
     * @param headers header values by name, in the order they should be written
     * @param value the record value, or {@code null} for a tombstone
     */
    public EventRecord(String topic, String key, Map<String, byte[]> headers, byte[] value) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = key;
        Map<String, byte[]> copy = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((name, bytes) ->
                copy.put(Objects.requireNonNull(name, "header name"), bytes == null ? null : bytes.clone()));
        this.headers = Collections.unmodifiableMap(copy);
        this.value = value == null ? null : value.clone();
    }

    /** The topic the record is (or will be) on. */
    public String topic() {
        return topic;
    }

    /** The record key as text, or {@code null}. */
    public String key() {
        return key;
    }

    /** The record key as the UTF-8 bytes a {@code StringSerializer} writes, or {@code null}. */
    public byte[] keyBytes() {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** Header names in order; each value is a fresh copy. */
    public Map<String, byte[]> headers() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        headers.forEach((name, bytes) -> copy.put(name, bytes == null ? null : bytes.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** One header's value decoded as UTF-8 (lenient: malformed bytes become U+FFFD), or {@code null}. */
    public String header(String name) {
        byte[] bytes = headers.get(name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The record value, a fresh copy, or {@code null}. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    byte[] headerBytes(String name) {
        return headers.get(name);
    }

    byte[] valueBytes() {
        return value;
    }

    Map<String, byte[]> headerView() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventRecord other)) {
            return false;
        }
        if (!topic.equals(other.topic) || !Objects.equals(key, other.key)
                || !Arrays.equals(value, other.value) || !headers.keySet().equals(other.headers.keySet())) {
            return false;
        }
        return headers.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.headers.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        // Order-independent over headers, like equals.
        int headerHash = 0;
        for (Map.Entry<String, byte[]> e : headers.entrySet()) {
            headerHash += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return Objects.hash(topic, key, headerHash, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "EventRecord[topic=" + topic + ", key=" + key + ", headers=" + headers.keySet()
                + ", value=" + (value == null ? "null" : value.length + " bytes sha256:" + Checks.sha256Hex(value))
                + "]";
    }
}
