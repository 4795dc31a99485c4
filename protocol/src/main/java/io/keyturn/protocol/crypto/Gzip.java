package io.keyturn.protocol.crypto;

import static io.keyturn.protocol.ProtocolException.Reason.CORRUPT_PROFILE;
import static io.keyturn.protocol.ProtocolException.Reason.PROFILE_TOO_LARGE;

import io.keyturn.protocol.ProtocolException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Single-member gzip (RFC 1952) on byte arrays, written out rather than through GZIP*Stream for three
 * reasons: reading is strict (GZIPInputStream silently ignores trailing bytes that are not another
 * member), the trailer's ISIZE sizes the output exactly and bounds it before any inflating (a zip bomb
 * is refused up front), and the compressed bytes stay in one array that the cipher reads in place.
 *
 * <p>Deflater and Inflater hold native zlib memory, so each call makes its own and ends it at once;
 * pooling them would save about 2 µs per call against the hundreds of µs a 30 KB profile takes to
 * deflate.
 */
final class Gzip {

    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int CM_DEFLATE = 8;
    private static final int HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int FRESERVED = 0xe0;
    /** XFL for maximum compression, and OS = Unix, as {@code gzip -9} writes them. */
    private static final int XFL_BEST = 2;
    private static final int OS_UNIX = 3;
    /** Inflating yields at most 1032 bytes per compressed byte (a 258-byte match coded in 2 bits). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private Gzip() {
    }

    /** Whether {@code data[offset, offset+length)} starts with the gzip magic 1f 8b, as a device checks. */
    static boolean hasMagic(byte[] data, int offset, int length) {
        return length >= 2 && (data[offset] & 0xff) == ID1 && (data[offset + 1] & 0xff) == ID2;
    }

    /** Compressed bytes in {@code buffer[0, length)}. */
    record Compressed(byte[] buffer, int length) {
    }

    /**
     * gzip at level 9 with no name and a zero time stamp, so equal input gives equal output. Level 9
     * costs next to nothing more than 6 on profile-sized text and keeps TFTP transfers short.
     */
    static Compressed compress(byte[] data) {
        // zlib's deflateBound for raw deflate (stored blocks stay within it); the regrowth below is a safety net.
        int bound = data.length + (data.length >> 12) + (data.length >> 14) + (data.length >> 25) + 13;
        byte[] out = withHeader(bound);
        int length = HEADER_LENGTH;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            while (!deflater.finished()) {
                if (length == out.length - TRAILER_LENGTH) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - TRAILER_LENGTH - length);
            }
        } finally {
            deflater.end();
        }
        return withTrailer(out, length, data);
    }

    /**
     * The same gzip member as {@link #compress} decodes to, built from segments deflated one by one:
     * each segment but the last is deflated raw at level 9 and flushed with SYNC_FLUSH (its blocks are
     * not final and end on a byte boundary), the last is finished, and their concatenation is one
     * deflate stream. CRC-32 and ISIZE cover the whole input.
     *
     * <p>Each segment is deflated with the segment before it as its preset dictionary: an inflater
     * holds exactly those bytes in its window when it reaches the segment, so back-references into them
     * are valid, and the segment compresses almost as well as in one whole stream (a profile repeats
     * itself from one line's block to the next). No reference reaches further back, so a segment's
     * compressed bytes depend only on it and its predecessor, and are found in {@code cache} (when not
     * null) whenever both recur: in another device's profile from the same templates, or in the next
     * rotation of the same device.
     *
     * <p>Segments end at line ends chosen by content ({@link #segmentEnds}), so a change to one line
     * changes only its own segment and the next one's dictionary.
     *
     * <p>Only a segment that ends within {@code data[0, shareable)} is looked up in or added to {@code cache}:
     * the caller marks there where the text other profiles share ends (a device's templates), so that what
     * follows (its credentials, its key) is deflated and forgotten, never kept in a cache that outlives it.
     */
    static Compressed compressSegmented(byte[] data, GzipSegmentCache cache, int shareable) {
        if (shareable < 0 || shareable > data.length) {
            throw new IllegalArgumentException("shareable must be within 0.." + data.length + ", not " + shareable);
        }
        int[] ends = segmentEnds(data);
        // Per segment: its deflate bound plus the empty stored block of the sync flush.
        int bound = data.length + (data.length >> 12) + (data.length >> 14) + (data.length >> 25) + 13
                + ends.length * 10;
        byte[] out = withHeader(bound);
        int length = HEADER_LENGTH;
        Deflater deflater = null;
        byte[] scratch = null;
        try {
            int dictionaryFrom = 0;
            int from = 0;
            long previousHash = 0;
            for (int i = 0; i < ends.length; i++) {
                int to = ends[i];
                boolean last = i == ends.length - 1;
                boolean cacheable = cache != null && to <= shareable;
                long ownHash = cacheable ? SegmentHash.of(data, from, to) : 0;
                long hash = ownHash * 31 + previousHash;
                byte[] segment = cacheable ? cache.find(data, dictionaryFrom, from, to, last, hash) : null;
                if (segment == null) {
                    if (deflater == null) {
                        deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
                        scratch = new byte[Math.max(1024, to - from + (to - from >> 8) + 64)];
                    }
                    int[] written = {0};
                    scratch = deflateSegment(deflater, data, dictionaryFrom, from, to, last, scratch, written);
                    segment = Arrays.copyOf(scratch, written[0]);
                    if (cacheable) {
                        cache.put(data, dictionaryFrom, from, to, last, hash, segment);
                    }
                }
                if (length + segment.length > out.length - TRAILER_LENGTH) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, length + segment.length + TRAILER_LENGTH));
                }
                System.arraycopy(segment, 0, out, length, segment.length);
                length += segment.length;
                dictionaryFrom = from;
                from = to;
                previousHash = ownHash;
            }
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
        return withTrailer(out, length, data);
    }

    /**
     * Deflates {@code data[from, to)} with {@code data[dictionaryFrom, from)} as preset dictionary into
     * {@code scratch} (grown if need be, and returned); {@code written[0]} is set to the byte count.
     */
    private static byte[] deflateSegment(Deflater deflater, byte[] data, int dictionaryFrom, int from, int to,
            boolean last, byte[] scratch, int[] written) {
        deflater.reset();
        if (from > dictionaryFrom) {
            deflater.setDictionary(data, dictionaryFrom, from - dictionaryFrom);
        }
        deflater.setInput(data, from, to - from);
        int n = 0;
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                if (n == scratch.length) {
                    scratch = Arrays.copyOf(scratch, scratch.length * 2);
                }
                n += deflater.deflate(scratch, n, scratch.length - n);
            }
        } else {
            // A sync flush that fills the buffer may have more to write: call again until it does not.
            do {
                if (n == scratch.length) {
                    scratch = Arrays.copyOf(scratch, scratch.length * 2);
                }
                n += deflater.deflate(scratch, n, scratch.length - n, Deflater.SYNC_FLUSH);
            } while (n == scratch.length);
        }
        written[0] = n;
        return scratch;
    }

    /** A segment is at least this long unless it is the whole input: short ones compress poorly. */
    static final int MIN_SEGMENT = 4096;
    /** A segment ends at the first line end at or past this length, boundary line or not. */
    static final int MAX_SEGMENT = 16384;
    /** Without a line end, a segment is cut here: a profile has none this long, garbage might. */
    static final int HARD_MAX_SEGMENT = 65536;
    /**
     * One line in 64 ends a segment (past the minimum): segments of about 6 KB on profile text, which
     * keep the size within about 1 % of whole-stream level 9 on the SPA962 sample.
     */
    static final int BOUNDARY_MASK = 0x3f;
    /** How much of a line's start decides whether it is a boundary line. */
    private static final int LINE_KEY_LIMIT = 64;

    /**
     * Where the segments of {@code data} end (exclusive offsets, ascending, the last one
     * {@code data.length}; one segment for empty input). A segment ends after a line whose start (up to
     * its first {@code '>'}, at most 64 bytes: in a flat profile, the parameter's opening tag) hashes to
     * a boundary, once the segment holds {@link #MIN_SEGMENT} bytes; or at the first line end past
     * {@link #MAX_SEGMENT}. Values never move a boundary, so a new key or directory changes only the
     * segment holding it.
     */
    static int[] segmentEnds(byte[] data) {
        int[] ends = new int[Math.max(4, data.length / MIN_SEGMENT + 2)];
        int count = 0;
        int segmentStart = 0;
        int i = 0;
        // Line by line: hash the line's start, then find its end (the tight loop that costs the most).
        while (i < data.length) {
            int lineHash = 0;
            int keyEnd = Math.min(data.length, i + LINE_KEY_LIMIT);
            while (i < keyEnd) {
                byte b = data[i];
                if (b == '>' || b == '\n') {
                    break;
                }
                lineHash = lineHash * 31 + b;
                i++;
            }
            while (i < data.length && data[i] != '\n') {
                i++;
            }
            // Only garbage has lines this long: cut them at the hard maximum.
            while (i - segmentStart >= HARD_MAX_SEGMENT) {
                segmentStart += HARD_MAX_SEGMENT;
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, ends.length * 2);
                }
                ends[count++] = segmentStart;
            }
            if (i == data.length) {
                break;
            }
            int end = ++i;
            int size = end - segmentStart;
            if (size >= MAX_SEGMENT || (size >= MIN_SEGMENT && (mix(lineHash) & BOUNDARY_MASK) == 0)) {
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, ends.length * 2);
                }
                ends[count++] = end;
                segmentStart = end;
            }
        }
        if (segmentStart < data.length || count == 0) {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, ends.length + 1);
            }
            ends[count++] = data.length;
        }
        return Arrays.copyOf(ends, count);
    }

    /** Spreads a polynomial hash's bits so that its low bits are fit for a mask (murmur3's finaliser). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** A buffer for a member of up to {@code bound} deflated bytes, its header written: XFL and OS as gzip -9. */
    private static byte[] withHeader(int bound) {
        byte[] out = new byte[HEADER_LENGTH + bound + TRAILER_LENGTH];
        out[0] = (byte) ID1;
        out[1] = (byte) ID2;
        out[2] = CM_DEFLATE;
        out[8] = XFL_BEST;
        out[9] = OS_UNIX;
        return out;
    }

    /** The member in {@code out}, its deflate stream ending at {@code length}, closed by the CRC-32 and ISIZE of data. */
    private static Compressed withTrailer(byte[] out, int length, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        putIntLe(out, length, (int) crc.getValue());
        putIntLe(out, length + 4, data.length);
        return new Compressed(out, length + TRAILER_LENGTH);
    }

    /**
     * Inflates one gzip member that must fill {@code data[offset, offset+length)} exactly, checking the
     * header, CRC-32 and length. Never produces or allocates more than {@code maxLength} bytes.
     *
     * @throws ProtocolException {@link ProtocolException.Reason#CORRUPT_PROFILE} for any damage,
     *     {@link ProtocolException.Reason#PROFILE_TOO_LARGE} if it inflates to more than maxLength bytes
     */
    static byte[] decompress(byte[] data, int offset, int length, int maxLength) {
        int end = offset + length;
        int position = skipHeader(data, offset, end);
        int compressed = end - position - TRAILER_LENGTH;
        if (compressed < 0) {
            throw corrupt("it ends before its compressed data");
        }
        long declared = getIntLe(data, end - 4) & 0xffffffffL;
        if (declared > compressed * MAX_DEFLATE_RATIO + 1024) {
            // Typically a stream cut short, whose last four bytes are not a trailer at all.
            throw corrupt("its trailer declares " + declared + " bytes, more than its " + compressed
                    + " compressed bytes can hold");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, position, end - position);
            if (declared > maxLength) {
                throw tooLargeOrCorrupt(inflater, declared, maxLength);
            }
            byte[] out = new byte[(int) declared];
            int filled = 0;
            byte[] probe = new byte[1];
            // Inflate into exactly the declared size, then probe for one byte more: a stream longer than
            // its ISIZE is corrupt, and stopping there bounds the work whatever the stream holds.
            while (!inflater.finished()) {
                long readBefore = inflater.getBytesRead();
                int n = filled < out.length
                        ? inflater.inflate(out, filled, out.length - filled)
                        : inflater.inflate(probe);
                if (filled == out.length && n > 0) {
                    throw corrupt("it inflates to more than the " + declared + " bytes its trailer declares");
                }
                filled += n;
                checkProgress(inflater, n, readBefore);
            }
            if (filled != out.length) {
                throw corrupt("it inflates to " + filled + " bytes, not the " + declared + " its trailer declares");
            }
            if (inflater.getRemaining() != TRAILER_LENGTH) {
                throw corrupt(inflater.getRemaining() < TRAILER_LENGTH
                        ? "its trailer is cut short"
                        : "bytes follow its trailer (only a single gzip member is accepted)");
            }
            CRC32 crc = new CRC32();
            crc.update(out);
            if (getIntLe(data, end - TRAILER_LENGTH) != (int) crc.getValue()) {
                throw corrupt("its CRC-32 does not match the inflated data");
            }
            return out;
        } catch (DataFormatException e) {
            throw corrupt("its compressed data is invalid (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /**
     * For a stream whose trailer declares more than the limit: inflates into a small scratch buffer,
     * counting, and stops as soon as the count passes the limit. Only a stream that really is that large
     * is called too large; one that ends sooner disagrees with its own trailer and is corrupt.
     */
    private static ProtocolException tooLargeOrCorrupt(Inflater inflater, long declared, int maxLength)
            throws DataFormatException {
        byte[] scratch = new byte[64 * 1024];
        long total = 0;
        while (!inflater.finished()) {
            long readBefore = inflater.getBytesRead();
            int n = inflater.inflate(scratch);
            total += n;
            if (total > maxLength) {
                return new ProtocolException(PROFILE_TOO_LARGE,
                        "the gzip stream inflates to more than the limit of " + maxLength + " bytes");
            }
            checkProgress(inflater, n, readBefore);
        }
        return corrupt("it inflates to " + total + " bytes, not the " + declared + " its trailer declares");
    }

    /** Inflater.inflate returns 0 both while reading block headers and when stuck; tell them apart. */
    private static void checkProgress(Inflater inflater, int produced, long readBefore) {
        if (produced == 0 && !inflater.finished()) {
            if (inflater.needsInput()) {
                throw corrupt("its compressed data is cut short");
            }
            if (inflater.needsDictionary() || inflater.getBytesRead() == readBefore) {
                throw corrupt("its compressed data cannot be inflated");
            }
        }
    }

    /** Validates the RFC 1952 member header and returns where the deflate data starts. */
    private static int skipHeader(byte[] data, int offset, int end) {
        if (end - offset < HEADER_LENGTH) {
            throw corrupt("its header is cut short");
        }
        if ((data[offset] & 0xff) != ID1 || (data[offset + 1] & 0xff) != ID2) {
            throw corrupt("it does not start with the gzip magic bytes");
        }
        if (data[offset + 2] != CM_DEFLATE) {
            throw corrupt("its compression method " + (data[offset + 2] & 0xff) + " is not deflate");
        }
        int flags = data[offset + 3] & 0xff;
        if ((flags & FRESERVED) != 0) {
            throw corrupt("its header sets reserved flags");
        }
        int position = offset + HEADER_LENGTH;
        if ((flags & FEXTRA) != 0) {
            if (end - position < 2) {
                throw corrupt("its header is cut short");
            }
            position += 2 + ((data[position] & 0xff) | (data[position + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            position = skipZeroTerminated(data, position, end);
        }
        if ((flags & FCOMMENT) != 0) {
            position = skipZeroTerminated(data, position, end);
        }
        if ((flags & FHCRC) != 0) {
            if (end - position < 2) {
                throw corrupt("its header is cut short");
            }
            CRC32 crc = new CRC32();
            crc.update(data, offset, position - offset);
            int expected = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
            if (((int) crc.getValue() & 0xffff) != expected) {
                throw corrupt("its header CRC does not match");
            }
            position += 2;
        }
        if (position > end) {
            throw corrupt("its header is cut short");
        }
        return position;
    }

    private static int skipZeroTerminated(byte[] data, int position, int end) {
        while (position < end && data[position] != 0) {
            position++;
        }
        if (position >= end) {
            throw corrupt("its header is cut short");
        }
        return position + 1;
    }

    private static ProtocolException corrupt(String why) {
        return new ProtocolException(CORRUPT_PROFILE, "the file decrypts, but its gzip stream is corrupt: " + why);
    }

    private static void putIntLe(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    private static int getIntLe(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
