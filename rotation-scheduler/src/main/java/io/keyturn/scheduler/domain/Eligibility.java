package io.keyturn.scheduler.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Which devices may be rotated: only devices seen (a fetch reported by delivery) within {@code seenWithin}, so a
 * rotation is never issued to a device that will not come to take it for months. A device never seen is offline.
 */
public record Eligibility(Duration seenWithin) {

    public Eligibility {
        if (seenWithin == null || seenWithin.isNegative() || seenWithin.isZero()) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION,
                    "the last-seen grace window must be positive");
        }
    }

    public boolean online(Instant lastSeenAt, Instant now) {
        return lastSeenAt != null && !lastSeenAt.isBefore(now.minus(seenWithin));
    }
}
