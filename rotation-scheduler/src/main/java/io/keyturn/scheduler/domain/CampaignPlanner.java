package io.keyturn.scheduler.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Decides, at each tick, what a campaign does next. The canary cohort goes first and alone; once every canary
 * device reached an outcome and the cohort's bad share is within the stop rule, the rest follows in waves at the
 * allowed rate, inside the maintenance windows (an emergency campaign ignores them). The stop rule is checked
 * before anything is issued, so a tripped campaign issues nothing more.
 */
public final class CampaignPlanner {

    private final StopRule stopRule;
    private final WindowSchedule windows;
    private final boolean emergency;

    public CampaignPlanner(StopRule stopRule, WindowSchedule windows, boolean emergency) {
        this.stopRule = Objects.requireNonNull(stopRule, "stopRule");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.emergency = emergency;
    }

    /**
     * The plan for {@code snapshot} at {@code now}, given {@code tokens} requests the rate limits allow now (the
     * smallest of the campaign's, the group's and the fleet's budgets).
     */
    public CampaignPlan plan(CampaignSnapshot snapshot, int tokens, Instant now) {
        if (snapshot.state() != CampaignState.RUNNING) {
            return CampaignPlan.nothing("campaign is " + snapshot.state().code());
        }
        if (stopRule.trips(snapshot.recentBad())) {
            return CampaignPlan.halt("stop rule " + stopRule + " tripped: " + snapshot.recentBad()
                    + " of the last " + stopRule.window() + " rotations failed or are overdue");
        }
        boolean passCanary = false;
        if (snapshot.inCanary()) {
            CampaignSnapshot.Cohort canary = snapshot.canary();
            if (!canary.settled()) {
                if (canary.pending() == 0) {
                    return CampaignPlan.nothing("waiting for " + canary.inFlight() + " canary devices to confirm");
                }
                return gated(canary.pending(), tokens, now, true, false);
            }
            if (stopRule.failsCanary(canary.bad(), canary.size())) {
                return CampaignPlan.halt("canary failed: " + canary.bad() + " of " + canary.size()
                        + " devices failed or are overdue, more than the stop rule " + stopRule + " allows");
            }
            passCanary = true;
        }
        CampaignSnapshot.Cohort all = snapshot.all();
        if (all.settled()) {
            return CampaignPlan.complete();
        }
        if (all.pending() == 0) {
            return passCanary ? CampaignPlan.await("waiting for the last devices to confirm", null, true)
                    : CampaignPlan.nothing("waiting for " + all.inFlight() + " devices to confirm");
        }
        return gated(all.pending(), tokens, now, false, passCanary);
    }

    private CampaignPlan gated(int pending, int tokens, Instant now, boolean fromCanary, boolean passCanary) {
        if (!emergency && !windows.isOpen(now)) {
            Instant opens = windows.nextOpening(now).orElse(null);
            return CampaignPlan.await("outside the maintenance windows", opens, passCanary);
        }
        if (tokens <= 0) {
            return CampaignPlan.await("rate limit reached", null, passCanary);
        }
        return CampaignPlan.issue(Math.min(pending, tokens), fromCanary, passCanary);
    }

    /** The size of the canary cohort for {@code targets} devices at {@code percent}: at least one device if any. */
    public static int canarySize(int targets, double percent) {
        if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_PERCENT,
                    "a canary is 0 to 100 percent of the devices");
        }
        if (percent == 0 || targets == 0) {
            return 0;
        }
        return (int) Math.min(targets, Math.max(1, Math.ceil(targets * percent / 100.0)));
    }
}
