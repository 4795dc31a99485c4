package io.keyturn.protocol.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of a byte range, eight bytes a step, for {@link GzipSegmentCache}'s lookups. Not
 * cryptographic and need not be: the cache confirms every hit by comparing the bytes.
 */
final class SegmentHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;

    private SegmentHash() {
    }

    static long of(byte[] data, int from, int to) {
        long h = 0x243f6a8885a308d3L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = (h ^ (long) LONGS.get(data, i)) * MULTIPLIER;
            h ^= h >>> 29;
        }
        for (; i < to; i++) {
            h = (h ^ (data[i] & 0xff)) * MULTIPLIER;
        }
        h ^= h >>> 32;
        h *= MULTIPLIER;
        return h ^ (h >>> 29);
    }
}
