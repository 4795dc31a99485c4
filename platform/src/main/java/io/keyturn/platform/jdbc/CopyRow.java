package io.keyturn.platform.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of PostgreSQL's COPY text format, built in a reused buffer: fields separated by tabs, the row ended by a
 * newline, and backslash, tab, newline and carriage return escaped with a backslash. The escapes work on UTF-8
 * bytes, since none of those four bytes ever occurs inside a multi-byte character. A null field is {@code \\N}.
 */
public final class CopyRow {

    private byte[] buffer;
    private int length;
    private int fields;

    public CopyRow() {
        this(4096);
    }

    public CopyRow(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    /** Appends {@code value}, escaped; null as COPY's null. */
    public CopyRow field(String value) {
        return value == null ? nullField() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a null field. */
    public CopyRow nullField() {
        ensure(3);
        if (fields++ > 0) {
            buffer[length++] = '\t';
        }
        buffer[length++] = '\\';
        buffer[length++] = 'N';
        return this;
    }

    /** Appends {@code value} (UTF-8), escaped. */
    public CopyRow field(byte[] value) {
        // Runs without an escape are copied whole: a field is mostly a ~1-30 KB JSON event in which escapes are
        // rare, and a byte at a time showed in a bulk import's profile.
        ensure(value.length * 2 + 1);
        byte[] out = buffer;
        int n = length;
        if (fields++ > 0) {
            out[n++] = '\t';
        }
        int run = 0;
        for (int i = 0; i < value.length; i++) {
            byte escaped = switch (value[i]) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                default -> 0;
            };
            if (escaped != 0) {
                System.arraycopy(value, run, out, n, i - run);
                n += i - run;
                out[n++] = '\\';
                out[n++] = escaped;
                run = i + 1;
            }
        }
        System.arraycopy(value, run, out, n, value.length - run);
        length = n + value.length - run;
        return this;
    }

    /** Ends the row and returns it; the builder starts the next one. */
    public byte[] end() {
        put((byte) '\n');
        byte[] row = Arrays.copyOf(buffer, length);
        length = 0;
        fields = 0;
        return row;
    }

    /** The row so far, ended; for tests. */
    String text() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8) + "\n";
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (buffer.length - length < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
