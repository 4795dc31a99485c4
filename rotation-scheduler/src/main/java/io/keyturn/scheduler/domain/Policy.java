package io.keyturn.scheduler.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How the devices of a group (and of its subgroups without a policy of their own) rotate.
 *
 * @param group the group path the policy applies to, e.g. {@code region/north}
 * @param cadence how often a device rotates on schedule; {@code null} for no scheduled rotation
 * @param jitter the spread around the cadence
 * @param windows when rotations may go out
 * @param maxRate the most requests per minute for the whole group (every campaign and schedule together)
 * @param eligibility which devices count as online
 * @param confirmWithin how long a device has to confirm a requested rotation before it counts as overdue
 */
public record Policy(
        String group, Duration cadence, Jitter jitter, WindowSchedule windows, Rate maxRate, Eligibility eligibility,
        Duration confirmWithin) {

    /** Applies where no policy is set: no schedule, always open, 6,000 per minute, seen within 30 days, 24 h. */
    public static Policy defaults(String group) {
        return new Policy(group, null, new Jitter(0), WindowSchedule.ALWAYS, new Rate(6_000),
                new Eligibility(Duration.ofDays(30)), Duration.ofHours(24));
    }

    public Policy {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(maxRate, "maxRate");
        Objects.requireNonNull(eligibility, "eligibility");
        if (cadence != null && cadence.compareTo(Duration.ofHours(1)) < 0) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION, "a cadence is at least one hour");
        }
        if (confirmWithin == null || confirmWithin.isNegative() || confirmWithin.isZero()) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION,
                    "the confirmation deadline must be positive");
        }
    }

    /** Whether this policy covers {@code deviceGroup}: the same group or one below it. */
    public boolean covers(String deviceGroup) {
        return Groups.within(deviceGroup, group);
    }
}
