package io.keyturn.scheduler.domain;

/**
 * What the planner needs to know about a campaign at one tick, read from its devices in one transaction.
 *
 * @param state the campaign's state
 * @param inCanary whether the canary cohort has yet to pass
 * @param canary the canary cohort's devices by outcome
 * @param all every device of the campaign by outcome (canary included)
 * @param recentBad failed or overdue devices among the stop rule's window of most recent requests since the last
 *     resume
 * @param counted whether every count was read; {@code false} for {@link #waves}, whose in-flight and bad counts are
 *     not
 */
public record CampaignSnapshot(CampaignState state, boolean inCanary, Cohort canary, Cohort all, int recentBad,
                               boolean counted) {

    public CampaignSnapshot {
        if (!counted && (inCanary || all.pending() == 0)) {
            throw new IllegalArgumentException("only a campaign in its waves with devices pending may skip counts");
        }
    }

    /** A snapshot with every count read. */
    public CampaignSnapshot(CampaignState state, boolean inCanary, Cohort canary, Cohort all, int recentBad) {
        this(state, inCanary, canary, all, recentBad, true);
    }

    public static CampaignSnapshot counted(CampaignState state, boolean inCanary, Cohort canary, Cohort all,
                                           int recentBad) {
        return new CampaignSnapshot(state, inCanary, canary, all, recentBad);
    }

    /**
     * A campaign past its canary with {@code pending} devices (at least one) still to request: all the planner reads
     * then is the stop rule's window and how many it may request, so the in-flight and bad counts, which cost a pass
     * over every device of the campaign each tick, are left out (0 here, and {@code counted} is false).
     *
     * @param size the campaign's devices
     * @param pending pending devices, counted up to what the tick may request
     */
    public static CampaignSnapshot waves(CampaignState state, int size, int pending, int recentBad) {
        return new CampaignSnapshot(state, false, new Cohort(0, 0, 0, 0), new Cohort(size, pending, 0, 0), recentBad,
                false);
    }

    /**
     * Devices of a cohort by outcome.
     *
     * @param size every device in the cohort
     * @param pending not requested yet
     * @param inFlight requested, not yet confirmed, failed or overdue
     * @param bad failed or overdue
     */
    public record Cohort(int size, int pending, int inFlight, int bad) {

        public Cohort {
            if (size < 0 || pending < 0 || inFlight < 0 || bad < 0 || pending + inFlight > size) {
                throw new IllegalArgumentException("inconsistent cohort counts");
            }
        }

        /** Every device reached an outcome (confirmed, failed, overdue or cancelled). */
        public boolean settled() {
            return pending == 0 && inFlight == 0;
        }
    }
}
