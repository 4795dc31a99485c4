package io.keyturn.platform.outbox;

/** The outbox or the processed-event store could not be read or written; the caller's transaction must roll back. */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
