package io.keyturn.scheduler.api;

import io.keyturn.scheduler.domain.Eligibility;
import io.keyturn.scheduler.domain.Jitter;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.SchedulingException;
import io.keyturn.scheduler.domain.WindowSchedule;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT /api/v1/policies/{group}}; absent fields take the defaults of {@link Policy#defaults}. */
@Schema(name = "PolicyRequest")
public record PolicyRequest(
        @Schema(description = "ISO-8601 cadence of scheduled rotations; absent for none", example = "P30D") String cadence,
        @Schema(description = "Jitter in percent of the cadence, 0 to 50", example = "10") Integer jitterPercent,
        @Schema(description = "Time zone of the windows", example = "Europe/Berlin") String zone,
        List<WindowView> windows,
        @Schema(description = "Most requests per minute for the group", example = "500") Integer maxPerMinute,
        @Schema(description = "ISO-8601: only devices seen within this are eligible", example = "P7D") String seenWithin,
        @Schema(description = "ISO-8601 time a device has to confirm", example = "PT24H") String confirmWithin) {

    Policy toDomain(String group) {
        Policy d = Policy.defaults(group);
        Duration cadenceValue = Requests.duration("cadence", cadence);
        if (cadenceValue != null && (cadenceValue.isNegative() || cadenceValue.isZero())) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION, "cadence must be positive");
        }
        WindowSchedule schedule = new WindowSchedule(zone == null ? d.windows().zone() : WindowSchedule.zone(zone),
                windows == null ? List.of() : WindowView.toDomain(windows));
        Duration seen = Requests.duration("seenWithin", seenWithin);
        Duration confirm = Requests.duration("confirmWithin", confirmWithin);
        return new Policy(group, cadenceValue, jitterPercent == null ? d.jitter() : new Jitter(jitterPercent), schedule,
                maxPerMinute == null ? d.maxRate() : new Rate(maxPerMinute),
                seen == null ? d.eligibility() : new Eligibility(seen), confirm == null ? d.confirmWithin() : confirm);
    }
}
