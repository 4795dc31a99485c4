package io.keyturn.protocol.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes RFC 1952 member headers with the optional fields that {@code gzip -n -9} leaves out. */
final class GzipBuilder {

    private byte[] extra;
    private String name;
    private String comment;
    private boolean headerCrc;

    GzipBuilder extra(byte[] extra) {
        this.extra = extra;
        return this;
    }

    GzipBuilder name(String name) {
        this.name = name;
        return this;
    }

    GzipBuilder comment(String comment) {
        this.comment = comment;
        return this;
    }

    GzipBuilder headerCrc(boolean headerCrc) {
        this.headerCrc = headerCrc;
        return this;
    }

    /** A member made of this header and {@code body}: the deflate data and trailer of another member. */
    byte[] build(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = (headerCrc ? 0x02 : 0) | (extra != null ? 0x04 : 0) | (name != null ? 0x08 : 0)
                | (comment != null ? 0x10 : 0);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0x12, 0x34, 0x56, 0x78, 0, 3});
        if (extra != null) {
            out.write(extra.length & 0xff);
            out.write(extra.length >>> 8);
            out.writeBytes(extra);
        }
        if (name != null) {
            out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (comment != null) {
            out.writeBytes(comment.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue() & 0xff);
            out.write((int) (crc.getValue() >>> 8) & 0xff);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }
}
