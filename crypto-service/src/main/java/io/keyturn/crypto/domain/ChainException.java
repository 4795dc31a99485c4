package io.keyturn.crypto.domain;

import java.util.Objects;

/** A chain operation the chain refuses; the message never holds a key or a directory. */
public class ChainException extends RuntimeException {

    /** Why. */
    public enum Reason {
        DEVICE_DECOMMISSIONED,
        UNCONFIRMED_BACKLOG,
        BOOTSTRAP_UNAVAILABLE
    }

    private final Reason reason;

    public ChainException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
