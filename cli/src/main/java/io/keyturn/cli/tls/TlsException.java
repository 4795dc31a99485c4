package io.keyturn.cli.tls;

/** A certificate, key or request that cannot be used, with the one-line reason the operator reads. */
public class TlsException extends IllegalArgumentException {

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
