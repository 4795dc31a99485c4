package io.keyturn.scheduler.domain;

import java.util.Objects;

/** A request the scheduler's rules refuse; its {@link Reason} tells the caller which rule. Messages are secret-free. */
public class SchedulingException extends RuntimeException {

    /** Why a request was refused. */
    public enum Reason {
        INVALID_RATE,
        INVALID_PERCENT,
        INVALID_STOP_RULE,
        INVALID_WINDOW,
        WINDOW_NEVER_OPENS,
        INVALID_DURATION,
        INVALID_TRANSITION,
        UNKNOWN_GROUP,
        NO_ELIGIBLE_DEVICES,
        CAMPAIGN_OVERLAP
    }

    private final Reason reason;

    public SchedulingException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
