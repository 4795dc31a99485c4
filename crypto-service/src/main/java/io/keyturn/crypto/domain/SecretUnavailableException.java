package io.keyturn.crypto.domain;

/** A sealed secret a render needs does not open; names the parameter, never its value. */
public class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message);
    }
}
