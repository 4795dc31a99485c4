package io.keyturn.protocol.crypto;

import java.util.Arrays;
import java.util.List;

/** One way to damage a gzip member, and what the error must say about it. */
record GzipDamage(String name, byte[] bytes, String expectedMessage) {

    @Override
    public String toString() {
        return name;
    }

    static List<GzipDamage> all(byte[] gz) {
        int length = gz.length;
        int isize = getIntLe(gz, length - 4);
        byte[] body = Arrays.copyOfRange(gz, 10, length);
        byte[] badHeaderCrc = new GzipBuilder().name("p.xml").headerCrc(true).build(body);
        badHeaderCrc[10 + "p.xml".length() + 1] ^= 1;
        return List.of(
                new GzipDamage("a bit flipped in the deflate data", flip(gz, length / 2, 0x10),
                        "gzip stream is corrupt"),
                new GzipDamage("the last 12 bytes cut off", Arrays.copyOf(gz, length - 12), "gzip stream is corrupt"),
                new GzipDamage("the trailer cut off", Arrays.copyOf(gz, length - 8), "gzip stream is corrupt"),
                new GzipDamage("nothing but the magic bytes", new byte[] {0x1f, (byte) 0x8b}, "header is cut short"),
                new GzipDamage("a name field never terminated",
                        new byte[] {0x1f, (byte) 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3, 'a', 'b'}, "header is cut short"),
                new GzipDamage("a wrong CRC-32", flip(gz, length - 8, 0x01), "CRC-32 does not match"),
                new GzipDamage("a length one byte too long", withIsize(gz, isize + 1),
                        "inflates to " + isize + " bytes, not the " + (isize + 1)),
                new GzipDamage("a length one byte too short", withIsize(gz, isize - 1),
                        "more than the " + (isize - 1) + " bytes"),
                new GzipDamage("a length no deflate stream of this size can reach", withIsize(gz, 0x7ffffff0),
                        "compressed bytes can hold"),
                new GzipDamage("a second member after the first", concat(gz, gz), "only a single gzip member"),
                new GzipDamage("bytes between the trailer and a copy of the length",
                        concat(gz, new byte[] {0, 0, 0, 0}, Arrays.copyOfRange(gz, length - 4, length)),
                        "bytes follow its trailer"),
                new GzipDamage("a reserved flag set", or(gz, 3, 0x20), "reserved flags"),
                new GzipDamage("compression method 7", set(gz, 2, 7), "compression method 7 is not deflate"),
                new GzipDamage("a wrong header CRC", badHeaderCrc, "header CRC does not match"));
    }

    static void putIntLe(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    private static int getIntLe(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static byte[] withIsize(byte[] gz, int isize) {
        byte[] copy = gz.clone();
        putIntLe(copy, copy.length - 4, isize);
        return copy;
    }

    private static byte[] flip(byte[] gz, int at, int bits) {
        byte[] copy = gz.clone();
        copy[at] ^= (byte) bits;
        return copy;
    }

    private static byte[] or(byte[] gz, int at, int bits) {
        byte[] copy = gz.clone();
        copy[at] |= (byte) bits;
        return copy;
    }

    private static byte[] set(byte[] gz, int at, int value) {
        byte[] copy = gz.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
