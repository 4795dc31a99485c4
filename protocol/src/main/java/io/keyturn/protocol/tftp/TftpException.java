package io.keyturn.protocol.tftp;

import java.io.IOException;
import java.util.Objects;

/**
 * A TFTP transfer that ended with an error packet: either the server sent one ({@link #fromServer()}),
 * or the client sent one because the server broke the protocol or the file exceeded a limit.
 */
public class TftpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final TftpErrorCode code;
    private final boolean fromServer;

    /** @param message printable text; for server errors, the server's message */
    public TftpException(TftpErrorCode code, boolean fromServer, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.fromServer = fromServer;
    }

    /** The error code of the error packet. */
    public TftpErrorCode code() {
        return code;
    }

    /** Whether the server sent the error packet (true) or the client did (false). */
    public boolean fromServer() {
        return fromServer;
    }
}
