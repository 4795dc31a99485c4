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
 */
public record CampaignSnapshot(CampaignState state, boolean inCanary, Cohort canary, Cohort all, int recentBad) {

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
