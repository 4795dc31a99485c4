package io.keyturn.events.internal;

import java.util.Arrays;

/**
 * A JSON object written straight into bytes, for strings that need no escaping: printable ASCII without {@code "} or
 * {@code \}. Jackson writes such a string verbatim, so the output is the bytes Jackson's generator would write; a
 * value outside that set marks the writer {@linkplain #clean() unclean} and the caller writes the event with Jackson
 * instead (CloudEventCodec). Names must be ASCII; they are not checked. For delivery's fetch events, whose fields are
 * paths, MACs, addresses and codes: a device's User-Agent is the only client text, and SPA firmware sends ASCII.
 */
public final class AsciiJson {

    private byte[] bytes;
    private int length;
    private boolean first = true;
    private boolean clean = true;

    public AsciiJson(int capacity) {
        bytes = new byte[capacity];
    }

    /** Empties the writer for the next object, keeping its buffer: a writer per thread allocates only its results. */
    public AsciiJson reset() {
        length = 0;
        first = true;
        clean = true;
        return this;
    }

    /** {@code {}, or {@code "name":{} inside an object. */
    public AsciiJson beginObject(String name) {
        if (name != null) {
            name(name);
        }
        put((byte) '{');
        first = true;
        return this;
    }

    public AsciiJson endObject() {
        put((byte) '}');
        first = false;
        return this;
    }

    /** {@code "name":"value"}; a value that needs escaping marks the writer unclean. */
    public AsciiJson field(String name, String value) {
        name(name);
        put((byte) '"');
        int n = value.length();
        ensure(n + 1);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                clean = false;
                return this;
            }
            bytes[length++] = (byte) c;
        }
        bytes[length++] = '"';
        return this;
    }

    /** {@code "name":"text"}, the instant as {@link InstantText#iso} writes it, without making the string. */
    public AsciiJson field(String name, java.time.Instant value) {
        name(name);
        ensure(InstantText.MAX_LENGTH + 2);
        bytes[length++] = '"';
        int written = InstantText.write(value, bytes, length);
        if (written < 0) {
            length--;
            return field0(InstantText.iso(value));
        }
        length += written;
        bytes[length++] = '"';
        return this;
    }

    private AsciiJson field0(String value) {
        put((byte) '"');
        for (int i = 0; i < value.length(); i++) {
            put((byte) value.charAt(i));
        }
        put((byte) '"');
        return this;
    }

    /** {@code "name":value}. */
    public AsciiJson field(String name, long value) {
        name(name);
        String digits = Long.toString(value);
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        return this;
    }

    /** Whether every value written needed no escaping; if not, the bytes are incomplete and must not be used. */
    public boolean clean() {
        return clean;
    }

    public byte[] toBytes() {
        if (!clean) {
            throw new IllegalStateException("a value needed escaping; write this object with a JSON generator");
        }
        return Arrays.copyOf(bytes, length);
    }

    private void name(String name) {
        ensure(name.length() + 4);
        if (!first) {
            bytes[length++] = ',';
        }
        first = false;
        bytes[length++] = '"';
        for (int i = 0; i < name.length(); i++) {
            bytes[length++] = (byte) name.charAt(i);
        }
        bytes[length++] = '"';
        bytes[length++] = ':';
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
