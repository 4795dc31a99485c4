package io.keyturn.delivery.tls;

/** TLS files that cannot be used: unreadable, not PEM, a key that does not match, an empty CA bundle. */
public final class TlsMaterialException extends Exception {

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
