package io.keyturn.protocol.crypto;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compressed gzip segments by content, shared by every profile a {@link ProfileCipher} compresses: the
 * segments of a template, identical in every device's profile and in every rotation, are deflated once
 * and then copied (see {@link ProfileCipher#ProfileCipher(OpenSslEnvelope, int, GzipSegmentCache)}).
 *
 * <p>A segment is deflated with the segment before it as its dictionary, so an entry stands for both:
 * it is found by a 64-bit hash of the two, their lengths and whether the segment ends the stream, and
 * used only if its stored plaintext equals both byte for byte, so a hash collision costs a deflate,
 * never a wrong file. The cache is bounded by the bytes it holds (plaintext, compressed bytes
 * and a fixed overhead per entry) and evicts the least recently used entries beyond the bound.
 *
 * <p>Entries hold profile text, which may include a device's credentials; they never leave the cache
 * and {@link #toString} shows only counts. Thread-safe.
 */
public final class GzipSegmentCache {

    /** The default bound: 32 MiB, the template segments of many models and the own segments of thousands of devices. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** What an entry costs besides its two arrays: the map node, the key, the entry and two array headers. */
    static final int ENTRY_OVERHEAD = 128;

    private final long maxBytes;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private long bytes;

    /** A cache holding at most {@code maxBytes} bytes; 0 keeps nothing (every segment is deflated). */
    public GzipSegmentCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A cache of {@link #DEFAULT_MAX_BYTES}. */
    public GzipSegmentCache() {
        this(DEFAULT_MAX_BYTES);
    }

    /** Segments found in the cache since it was made. */
    public long hits() {
        return hits.sum();
    }

    /** Segments deflated because the cache did not hold them. */
    public long misses() {
        return misses.sum();
    }

    /** The bytes the cache holds now, entry overhead included; never more than {@link #maxBytes}. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The number of segments held now. */
    public synchronized int segments() {
        return entries.size();
    }

    /** The bound on {@link #bytes}. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The compressed form of {@code data[from, to)} deflated with {@code data[dictionaryFrom, from)} as
     * its dictionary, if held (the caller must not change it); counts a hit or a miss.
     */
    byte[] find(byte[] data, int dictionaryFrom, int from, int to, boolean last, long hash) {
        Entry e;
        synchronized (this) {
            e = entries.get(new Key(hash, from - dictionaryFrom, to - from, last));
        }
        // Entries are immutable, so the comparison needs no lock.
        if (e != null && Arrays.equals(e.plain, 0, e.plain.length, data, dictionaryFrom, to)) {
            hits.increment();
            return e.compressed;
        }
        misses.increment();
        return null;
    }

    /** Holds {@code compressed} for that segment and dictionary, evicting the least recently used beyond the bound. */
    void put(byte[] data, int dictionaryFrom, int from, int to, boolean last, long hash, byte[] compressed) {
        long cost = cost(to - dictionaryFrom, compressed.length);
        if (cost > maxBytes) {
            return;
        }
        Entry entry = new Entry(Arrays.copyOfRange(data, dictionaryFrom, to), compressed);
        synchronized (this) {
            Entry old = entries.put(new Key(hash, from - dictionaryFrom, to - from, last), entry);
            if (old != null) {
                bytes -= cost(old.plain.length, old.compressed.length);
            }
            bytes += cost;
            Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Entry evicted = eldest.next().getValue();
                eldest.remove();
                bytes -= cost(evicted.plain.length, evicted.compressed.length);
            }
        }
    }

    static long cost(int plainLength, int compressedLength) {
        return (long) plainLength + compressedLength + ENTRY_OVERHEAD;
    }

    @Override
    public String toString() {
        return "GzipSegmentCache[" + segments() + " segments, " + bytes() + " of " + maxBytes + " bytes, " + hits()
                + " hits, " + misses() + " misses]";
    }

    /** A segment by the hash of it and its dictionary, their lengths, and whether it ends the stream. */
    private record Key(long hash, int dictionaryLength, int length, boolean last) {
    }

    /** The dictionary and segment as one array (compared as one), and the segment's compressed bytes. */
    private static final class Entry {
        final byte[] plain;
        final byte[] compressed;

        Entry(byte[] plain, byte[] compressed) {
            this.plain = plain;
            this.compressed = compressed;
        }
    }
}
