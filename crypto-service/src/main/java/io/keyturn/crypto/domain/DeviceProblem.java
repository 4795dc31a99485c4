package io.keyturn.crypto.domain;

import java.util.Objects;

/** An operator or internal request about a device that cannot be answered as asked; secret-free. */
public class DeviceProblem extends RuntimeException {

    /** Why; the api layer maps each to one problem type. */
    public enum Reason {
        DEVICE_NOT_FOUND,
        DEVICE_DECOMMISSIONED,
        BOOTSTRAP_MODE_MISMATCH,
        BOOTSTRAP_DISARMED,
        BOOTSTRAP_NOT_READY
    }

    private final Reason reason;

    public DeviceProblem(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
