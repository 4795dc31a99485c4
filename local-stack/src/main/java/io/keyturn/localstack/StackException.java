package io.keyturn.localstack;

/** A failure the user can act on, reported as one line: a busy port, an unwritable directory, a stack already up. */
final class StackException extends Exception {

    StackException(String message) {
        super(message);
    }

    StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
