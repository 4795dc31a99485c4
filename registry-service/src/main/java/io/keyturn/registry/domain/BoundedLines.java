package io.keyturn.registry.domain;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text one character at a time with line numbers, for the import readers. Lines end with LF or CRLF. It keeps
 * its own buffer: the readers take a million lines a character at a time, and {@link java.io.BufferedReader#read()}
 * takes a lock per character.
 */
public final class BoundedLines {

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int next;
    private int end;
    private long line = 1;
    private int pushedBack = -2;

    public BoundedLines(Reader in) {
        this.in = in;
    }

    /** The line the next character is on. */
    public long line() {
        return line;
    }

    public int read() throws IOException {
        int c;
        if (pushedBack != -2) {
            c = pushedBack;
            pushedBack = -2;
        } else {
            c = next < end ? buffer[next++] : fill();
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private int fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            end = 0;
            next = 0;
            return -1;
        }
        end = n;
        next = 1;
        return buffer[0];
    }

    public void unread(int c) {
        if (c == '\n') {
            line--;
        }
        pushedBack = c;
    }

    /** Skips to just after the next LF (or the end). */
    public void skipLine() throws IOException {
        int c;
        do {
            c = read();
        } while (c != '\n' && c != -1);
    }
}
