package io.keyturn.scheduler.domain;

import java.time.Instant;

/**
 * What a campaign does at one tick.
 *
 * @param action the decision
 * @param count how many devices to request now ({@code ISSUE} only)
 * @param fromCanary whether they come from the canary cohort (else from the waves)
 * @param passCanary whether the canary passed at this tick (the campaign moves on to its waves)
 * @param reason why it waits or halts, for operators
 * @param resumesAt when a closed window opens ({@code WAIT} on a window only)
 */
public record CampaignPlan(Action action, int count, boolean fromCanary, boolean passCanary, String reason,
                           Instant resumesAt) {

    /** The decisions. */
    public enum Action { NOTHING, ISSUE, WAIT, HALT, COMPLETE }

    static CampaignPlan nothing(String reason) {
        return new CampaignPlan(Action.NOTHING, 0, false, false, reason, null);
    }

    static CampaignPlan issue(int count, boolean fromCanary, boolean passCanary) {
        return new CampaignPlan(Action.ISSUE, count, fromCanary, passCanary, null, null);
    }

    static CampaignPlan await(String reason, Instant resumesAt, boolean passCanary) {
        return new CampaignPlan(Action.WAIT, 0, false, passCanary, reason, resumesAt);
    }

    static CampaignPlan halt(String reason) {
        return new CampaignPlan(Action.HALT, 0, false, false, reason, null);
    }

    static CampaignPlan complete() {
        return new CampaignPlan(Action.COMPLETE, 0, false, false, null, null);
    }
}
