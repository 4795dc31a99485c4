package io.keyturn.scheduler.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A campaign's counters. Each of {@code requested}, {@code issued}, {@code published} and {@code confirmed} counts
 * the devices that reached at least that step, so they never go down and a progress bar can show them nested;
 * {@code failed} counts failed and overdue devices.
 */
public record CampaignProgress(
        int total, int pending, int inFlight, int requested, int issued, int published, int confirmed, int failed,
        int cancelled) {

    /** Devices that reached an outcome. */
    public int settled() {
        return total - pending - inFlight;
    }

    /**
     * When the campaign should be done: the remaining requests at {@code rate}, plus the typical time from request
     * to confirmation seen so far. Empty when it is not running or nothing is left.
     */
    public java.util.Optional<Instant> eta(CampaignState state, Rate rate, Duration typicalConfirmation, Instant now) {
        if (state != CampaignState.RUNNING || (pending == 0 && inFlight == 0)) {
            return java.util.Optional.empty();
        }
        long requestMillis = (long) Math.ceil(pending * 60_000.0 / rate.perMinute());
        Duration tail = typicalConfirmation == null ? Duration.ZERO : typicalConfirmation;
        return java.util.Optional.of(now.plusMillis(requestMillis).plus(tail));
    }

    /**
     * Whether a device requested at {@code requestedAt} with deadline {@code deadlineAt}, still in flight at
     * {@code now}, is a straggler: more than half its time to confirm is gone.
     */
    public static boolean straggler(Instant requestedAt, Instant deadlineAt, Instant now) {
        Duration allowed = Duration.between(requestedAt, deadlineAt);
        return now.isAfter(requestedAt.plus(allowed.dividedBy(2)));
    }
}
