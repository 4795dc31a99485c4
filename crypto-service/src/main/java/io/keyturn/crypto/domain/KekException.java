package io.keyturn.crypto.domain;

/** The keyring cannot be read, or a wrapped key cannot be unwrapped; never holds key material. */
public class KekException extends RuntimeException {

    public KekException(String message) {
        super(message);
    }
}
