package io.keyturn.protocol.tftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of a request or an option acknowledgment (RFC 2347): name/value pairs in the order
 * they were sent. Names compare case-insensitively, as RFC 2347 requires, and are kept in lower
 * case; values are kept as sent. Immutable.
 */
public final class TftpOptions {

    /** Block size option (RFC 2348). */
    public static final String BLKSIZE = "blksize";
    /** Transfer size option (RFC 2349). */
    public static final String TSIZE = "tsize";
    /** Retransmission timeout option in seconds (RFC 2349). */
    public static final String TIMEOUT = "timeout";

    /** The block size without negotiation (RFC 1350). */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    /** The smallest block size RFC 2348 allows. */
    public static final int MIN_BLOCK_SIZE = 8;
    /** The largest block size RFC 2348 allows (a 65,535-byte IP datagram less the headers). */
    public static final int MAX_BLOCK_SIZE = 65464;
    /** The smallest timeout RFC 2349 allows, in seconds. */
    public static final int MIN_TIMEOUT_SECONDS = 1;
    /** The largest timeout RFC 2349 allows, in seconds. */
    public static final int MAX_TIMEOUT_SECONDS = 255;

    private static final TftpOptions EMPTY = new TftpOptions(Map.of());

    private final Map<String, String> options;

    private TftpOptions(Map<String, String> options) {
        this.options = options;
    }

    /** No options: a plain RFC 1350 request. */
    public static TftpOptions empty() {
        return EMPTY;
    }

    /**
     * Options from alternating names and values, e.g. {@code of("blksize", "1468", "tsize", "0")}.
     *
     * @throws IllegalArgumentException on an odd count, a name given twice (in any case), an empty
     *     name, or text that is not printable ASCII
     */
    public static TftpOptions of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("options come in name/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            put(map, namesAndValues[i], namesAndValues[i + 1]);
        }
        return ofValidated(map);
    }

    /**
     * Options from a map, in its iteration order.
     *
     * @throws IllegalArgumentException as {@link #of(String...)}
     */
    public static TftpOptions of(Map<String, String> options) {
        Map<String, String> map = new LinkedHashMap<>();
        options.forEach((name, value) -> put(map, name, value));
        return ofValidated(map);
    }

    private static void put(Map<String, String> map, String name, String value) {
        PrintableAscii.require(name, "option name");
        PrintableAscii.require(value, "option value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("option name is empty");
        }
        if (map.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
            throw new IllegalArgumentException("option " + name + " given twice");
        }
    }

    private static TftpOptions ofValidated(Map<String, String> map) {
        return map.isEmpty() ? EMPTY : new TftpOptions(Collections.unmodifiableMap(map));
    }

    /** The value of the option with this name (any case), if present. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(options.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether the option with this name (any case) is present. */
    public boolean contains(String name) {
        return options.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The options in their order, names in lower case; unmodifiable. */
    public Map<String, String> asMap() {
        return options;
    }

    /** Whether there are no options. */
    public boolean isEmpty() {
        return options.isEmpty();
    }

    /** The number of options. */
    public int size() {
        return options.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TftpOptions other && options.equals(other.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(options);
    }

    @Override
    public String toString() {
        return options.toString();
    }
}
