package io.keyturn.scheduler.service;

import io.keyturn.scheduler.domain.MaintenanceWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * A campaign as an operator asks for it, already parsed; {@code null} fields take the group policy's values.
 *
 * @param group the group path; every active device in it or below it is a candidate
 * @param ratePerMinute requests per minute for this campaign
 * @param canaryPercent the share of devices in the canary cohort
 * @param stopAfter the stop rule text, {@code N/M}
 * @param emergency whether the campaign ignores the maintenance windows (a suspected key compromise)
 * @param includeOffline whether devices not seen within the policy's window are rotated too
 * @param confirmWithin how long a device has to confirm
 * @param zone the zone of {@code windows}
 * @param windows maintenance windows overriding the policy's
 */
public record CampaignSpec(String group, Integer ratePerMinute, Double canaryPercent, String stopAfter,
                           boolean emergency, boolean includeOffline, Duration confirmWithin, ZoneId zone,
                           List<MaintenanceWindow> windows) {
}
