package io.keyturn.scheduler.api;

import io.keyturn.scheduler.domain.WindowSchedule;
import io.keyturn.scheduler.service.CampaignSpec;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/campaigns} and its preflight. */
@Schema(name = "CampaignRequest")
public record CampaignRequest(
        @Schema(description = "Group path; the campaign covers it and every group below it", example = "region/north")
        String group,
        @Schema(description = "Requests per minute, at least 1", example = "500") Integer ratePerMinute,
        @Schema(description = "Canary cohort in percent of the devices, 0 to 100", example = "1") Double canaryPercent,
        @Schema(description = "Stop rule N/M: halt when N of the last M requests failed or are overdue",
                example = "10/1000") String stopAfter,
        @Schema(description = "Ignore maintenance windows (key compromise)") Boolean emergency,
        @Schema(description = "Rotate devices not seen within the policy's window too") Boolean includeOffline,
        @Schema(description = "ISO-8601 time a device has to confirm; the policy's by default", example = "PT24H")
        String confirmWithin,
        @Schema(description = "Time zone of windows; the policy's by default", example = "Europe/Berlin") String zone,
        @Schema(description = "Maintenance windows overriding the policy's") List<WindowView> windows) {

    CampaignSpec toSpec() {
        return new CampaignSpec(group, ratePerMinute, canaryPercent, stopAfter, Boolean.TRUE.equals(emergency),
                Boolean.TRUE.equals(includeOffline), Requests.duration("confirmWithin", confirmWithin),
                zone == null ? null : WindowSchedule.zone(zone), WindowView.toDomain(windows));
    }
}
