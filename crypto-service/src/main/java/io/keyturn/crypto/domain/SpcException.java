package io.keyturn.crypto.domain;

/** The vendor {@code spc} could not make a targeted file; the message says why and never holds a secret. */
public class SpcException extends RuntimeException {

    public SpcException(String message) {
        super(message);
    }

    public SpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
