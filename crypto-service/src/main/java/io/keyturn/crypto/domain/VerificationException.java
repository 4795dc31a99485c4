package io.keyturn.crypto.domain;

/** A sealed file did not decrypt, parse or show its intent again, so it must not be published; secret-free. */
public class VerificationException extends RuntimeException {

    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
