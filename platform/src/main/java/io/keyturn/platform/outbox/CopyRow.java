package io.keyturn.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of PostgreSQL's COPY text format, built in a reused buffer: fields separated by tabs, the row ended by a
 * newline, and backslash, tab, newline and carriage return escaped with a backslash. The escapes work on UTF-8
 * bytes, since none of those four bytes ever occurs inside a multi-byte character.
 */
final class CopyRow {

    private byte[] buffer;
    private int length;

    CopyRow() {
        this(4096);
    }

    CopyRow(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    CopyRow field(String value) {
        return field(value.getBytes(StandardCharsets.UTF_8));
    }

    CopyRow field(byte[] value) {
        if (length > 0) {
            put((byte) '\t');
        }
        for (byte b : value) {
            switch (b) {
                case '\\' -> put2('\\', '\\');
                case '\t' -> put2('\\', 't');
                case '\n' -> put2('\\', 'n');
                case '\r' -> put2('\\', 'r');
                default -> put(b);
            }
        }
        return this;
    }

    /** Ends the row and returns it; the builder starts the next one. */
    byte[] end() {
        put((byte) '\n');
        byte[] row = Arrays.copyOf(buffer, length);
        length = 0;
        return row;
    }

    /** The row so far, ended; for tests. */
    String text() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8) + "\n";
    }

    private void put2(char a, char b) {
        put((byte) a);
        put((byte) b);
    }

    private void put(byte b) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = b;
    }
}
