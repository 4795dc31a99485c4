package io.keyturn.scheduler.domain;

import java.util.Locale;

/**
 * Where one device of a campaign is: pending (not requested yet), requested, issued, published, confirmed, or an
 * outcome that is not a confirmation. Events only move a device forward: a late {@code issued} after
 * {@code published} changes nothing, and a confirmation is accepted even after a timeout (the device came late).
 */
public enum DeviceStage {
    PENDING(0), REQUESTED(1), ISSUED(2), PUBLISHED(3), CONFIRMED(4), FAILED(4), TIMED_OUT(3), CANCELLED(4);

    private final int rank;

    DeviceStage(int rank) {
        this.rank = rank;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DeviceStage fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Requested and not yet at an outcome: the crypto side is working on it or the device has yet to fetch. */
    public boolean inFlight() {
        return this == REQUESTED || this == ISSUED || this == PUBLISHED;
    }

    /** Counts against a stop rule. */
    public boolean bad() {
        return this == FAILED || this == TIMED_OUT;
    }

    /** Whether an event that says {@code next} may move a device that is here. */
    public boolean canMoveTo(DeviceStage next) {
        if (this == CANCELLED || this == CONFIRMED || this == FAILED) {
            return false;
        }
        return switch (next) {
            case PENDING -> false;
            case CANCELLED -> this == PENDING;
            case CONFIRMED -> this != PENDING;
            case FAILED -> inFlight() || this == TIMED_OUT;
            case TIMED_OUT -> inFlight();
            case REQUESTED -> this == PENDING;
            default -> inFlight() && next.rank > rank;
        };
    }
}
