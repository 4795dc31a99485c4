package io.keyturn.crypto.persistence;

/** The crypto schema could not be read or written; the message names the row, never a value. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message + (cause instanceof java.sql.SQLException s ? " (SQL state " + s.getSQLState() + ")" : ""),
                cause);
    }
}
