package io.keyturn.registry.domain;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text one character at a time with line numbers, for the import readers. Lines end with LF or CRLF.
 */
public final class BoundedLines {

    private final Reader in;
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
            c = in.read();
        }
        if (c == '\n') {
            line++;
        }
        return c;
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
