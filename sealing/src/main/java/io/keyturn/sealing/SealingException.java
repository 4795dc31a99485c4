package io.keyturn.sealing;

/**
 * A sealed secret that cannot be opened, or a sealing key that cannot be read. Its message never
 * holds secret bytes: only what went wrong and, at most, a key id.
 */
public class SealingException extends RuntimeException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
