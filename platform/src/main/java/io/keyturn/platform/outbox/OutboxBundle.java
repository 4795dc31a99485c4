package io.keyturn.platform.outbox;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The body of an outbox row that carries many events of one topic: each event's record key and value, in order,
 * deflated as one stream.
 *
 * <p>Why: a bulk import wrote one outbox row per device event (~650 bytes of JSON), and those rows cost its PostgreSQL
 * about as much as the devices themselves: per 100,000 events, a COPY of 0.55 s and 98 MB of WAL, then 0.30 s for
 * the relay to read and delete them. The same events as 100 bundles of 1,000: 0.05 s, 5 MB of WAL and 0.03 s
 * (scratch PostgreSQL 15). Events of one import resemble each other, so deflate's fastest level shrinks them 14
 * times.
 *
 * <p>Format: one version byte, then the compressed records, each a big-endian {@code int} key length, the key's
 * UTF-8 bytes, an {@code int} value length and the value. Version {@value #FORMAT_ZSTD}, written now: one zstd frame
 * (level 1). Version {@value #FORMAT_DEFLATE}, still read, and written where zstd's native library cannot load: a raw
 * deflate stream. zstd because deflate was a third of delivery's fetch log at a serving peak: for 1,000 fetch events
 * (567 KB) deflate's fastest level took 1.2 ms and made 58 KB, zstd's level 1 takes 0.3 ms and makes 46 KB, and
 * reads back several times faster.
 *
 * <p>A relay older than format {@value #FORMAT_ZSTD} stops at such a row and names it until a current replica takes
 * over (OutboxRelay): a rolling upgrade delays events, it loses none.
 */
final class OutboxBundle {

    static final byte FORMAT_DEFLATE = 1;
    static final byte FORMAT_ZSTD = 2;
    private static final int ZSTD_LEVEL = 1;
    private static final boolean ZSTD = zstdLoads();
    /** Largest scratch array a thread keeps between bundles (a bundle stops growing at about 4 MB of events). */
    private static final int MAX_SCRATCH = 8 << 20;
    private static final ThreadLocal<byte[]> RAW = new ThreadLocal<>();
    private static final ThreadLocal<byte[]> FRAME = new ThreadLocal<>();
    /** Largest key or value a bundle accepts back; a bundle is written by this class, so more means corruption. */
    private static final int MAX_FIELD = 64 << 20;
    /** Most bytes a bundle inflates to: its writer stops adding events past about 4 MB, so more means corruption. */
    private static final int MAX_RAW = 2 * MAX_FIELD;

    private OutboxBundle() {
    }

    /** One event of a bundle: its Kafka record key and value. */
    record Event(String key, byte[] value) {
    }

    /** Packs {@code events}, in order; {@code rawSize} is a hint for the buffer (their keys and values). */
    static byte[] pack(List<Event> events, int rawSize) {
        // The records are laid out in one array and deflated in one call. Through DataOutputStream on a
        // DeflaterOutputStream, each writeInt was four one-byte writes and each of those a native deflate call: 1.65 us
        // an event for the fetch log, against 0.35 us now.
        // The writer's scratch arrays are kept per thread: at a fetch peak, two fresh arrays the size of each bundle
        // were a seventh of everything delivery allocated, and every young collection a pause in serving.
        byte[] raw = scratch(RAW, rawSize + 8 * events.size() + 16);
        int at = 0;
        for (Event e : events) {
            byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
            int need = at + 8 + key.length + e.value().length;
            if (need > raw.length) {
                raw = Arrays.copyOf(raw, Math.max(need, raw.length + (raw.length >> 1)));
                if (raw.length <= MAX_SCRATCH) {
                    RAW.set(raw);
                }
            }
            at = putInt(raw, at, key.length);
            System.arraycopy(key, 0, raw, at, key.length);
            at = putInt(raw, at + key.length, e.value().length);
            System.arraycopy(e.value(), 0, raw, at, e.value().length);
            at += e.value().length;
        }
        return ZSTD ? zstd(raw, at) : deflate(raw, at);
    }

    private static byte[] zstd(byte[] raw, int length) {
        byte[] out = scratch(FRAME, 1 + (int) Zstd.compressBound(length));
        out[0] = FORMAT_ZSTD;
        long written = Zstd.compressByteArray(out, 1, out.length - 1, raw, 0, length, ZSTD_LEVEL);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd could not pack an outbox bundle: " + Zstd.getErrorName(written));
        }
        return Arrays.copyOf(out, 1 + (int) written);
    }

    private static byte[] deflate(byte[] raw, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(raw, 0, length);
            deflater.finish();
            byte[] out = new byte[Math.max(64, length / 8)];
            out[0] = FORMAT_DEFLATE;
            int written = 1;
            while (!deflater.finished()) {
                if (written == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                written += deflater.deflate(out, written, out.length - written);
            }
            return Arrays.copyOf(out, written);
        } finally {
            deflater.end();
        }
    }

    /**
     * The events of {@code bundle}, in order.
     *
     * @throws IllegalArgumentException if it is not a bundle of this format, or is truncated
     */
    static List<Event> unpack(byte[] bundle, int expectedCount) {
        if (bundle.length < 1 || bundle[0] != FORMAT_ZSTD && bundle[0] != FORMAT_DEFLATE) {
            throw new IllegalArgumentException("not an outbox bundle of format " + FORMAT_DEFLATE + " or "
                    + FORMAT_ZSTD);
        }
        byte[] raw = bundle[0] == FORMAT_ZSTD ? unzstd(bundle) : inflate(bundle);
        List<Event> events = new ArrayList<>(expectedCount);
        int at = 0;
        while (at < raw.length) {
            int keyLength = field(raw, at);
            String key = new String(raw, at + 4, keyLength, StandardCharsets.UTF_8);
            at += 4 + keyLength;
            int valueLength = field(raw, at);
            events.add(new Event(key, Arrays.copyOfRange(raw, at + 4, at + 4 + valueLength)));
            at += 4 + valueLength;
        }
        if (events.size() != expectedCount) {
            throw new IllegalArgumentException("an outbox bundle holds " + events.size() + " events, its row says "
                    + expectedCount);
        }
        return events;
    }

    private static byte[] unzstd(byte[] bundle) {
        if (!ZSTD) {
            throw new IllegalArgumentException("a zstd outbox bundle, and zstd's native library did not load here");
        }
        long size;
        long read;
        byte[] raw;
        try {
            size = bundle.length < 2 ? -1 : Zstd.getFrameContentSize(bundle, 1, bundle.length - 1);
            if (size < 0 || size > MAX_RAW) {
                throw new IllegalArgumentException("a corrupt outbox bundle: its frame says "
                        + (size < 0 ? "no size" : size + " bytes"));
            }
            raw = new byte[(int) size];
            read = Zstd.decompressByteArray(raw, 0, raw.length, bundle, 1, bundle.length - 1);
        } catch (ZstdException e) {
            throw new IllegalArgumentException("a corrupt outbox bundle: " + e.getMessage(), e);
        }
        if (Zstd.isError(read) || read != size) {
            throw new IllegalArgumentException("a corrupt outbox bundle: " + (Zstd.isError(read)
                    ? Zstd.getErrorName(read) : read + " bytes, its frame says " + size));
        }
        return raw;
    }

    private static byte[] inflate(byte[] bundle) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bundle, 1, bundle.length - 1);
            // Bundles of similar events shrink 11-14 times: a first guess that rarely has to grow.
            byte[] raw = new byte[(int) Math.min(MAX_RAW, Math.max(256L, (bundle.length - 1) * 16L))];
            int length = 0;
            while (!inflater.finished()) {
                if (length == raw.length) {
                    if (raw.length >= MAX_RAW) {
                        throw new IllegalArgumentException("a corrupt outbox bundle: it inflates past "
                                + MAX_RAW + " bytes");
                    }
                    raw = Arrays.copyOf(raw, (int) Math.min(MAX_RAW, raw.length * 2L));
                }
                int n = inflater.inflate(raw, length, raw.length - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a corrupt outbox bundle: the stream is cut short");
                }
                length += n;
            }
            return length == raw.length ? raw : Arrays.copyOf(raw, length);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a corrupt outbox bundle: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** zstd-jni unpacks its native library into the temporary directory: where it cannot, bundles fall back to deflate. */
    private static boolean zstdLoads() {
        try {
            return Zstd.compressBound(1) > 0;
        } catch (LinkageError e) {
            System.getLogger(OutboxBundle.class.getName()).log(System.Logger.Level.WARNING,
                    "zstd's native library did not load (" + e + "); outbox bundles are deflated instead");
            return false;
        }
    }

    /** This thread's scratch array of at least {@code size} bytes; arrays past {@link #MAX_SCRATCH} are not kept. */
    private static byte[] scratch(ThreadLocal<byte[]> kept, int size) {
        byte[] b = kept.get();
        if (b == null || b.length < size) {
            b = new byte[Math.max(size, 64)];
            if (b.length <= MAX_SCRATCH) {
                kept.set(b);
            }
        }
        return b;
    }

    private static int putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
        return at + 4;
    }

    /** The length of the field at {@code at}, checked against what follows it. */
    private static int field(byte[] raw, int at) {
        if (raw.length - at < 4) {
            throw new IllegalArgumentException("a corrupt outbox bundle: a truncated field length");
        }
        int length = (raw[at] & 0xFF) << 24 | (raw[at + 1] & 0xFF) << 16 | (raw[at + 2] & 0xFF) << 8
                | raw[at + 3] & 0xFF;
        if (length < 0 || length > MAX_FIELD || length > raw.length - at - 4) {
            throw new IllegalArgumentException("a corrupt outbox bundle: field length " + length);
        }
        return length;
    }
}
