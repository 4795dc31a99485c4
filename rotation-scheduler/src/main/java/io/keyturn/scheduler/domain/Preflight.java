package io.keyturn.scheduler.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a campaign over some devices would do: how many it would rotate, and how many are offline (not seen within
 * the eligibility window) and would be held back unless the operator includes them.
 *
 * @param candidates active devices in the group
 * @param online devices seen within the window
 * @param offline devices not seen within it (or never)
 * @param heldBack offline devices the campaign leaves out
 * @param targets the devices the campaign would rotate
 * @param canary how many of them form the canary cohort
 */
public record Preflight(int candidates, int online, int offline, int heldBack, int targets, int canary) {

    /** A device as preflight sees it. */
    public record Candidate(String mac, Instant lastSeenAt) {
    }

    /** The result and the chosen MACs, online devices first. */
    public record Selection(Preflight preflight, List<String> targets) {
    }

    /** Sorts {@code candidates} into targets and held-back devices. */
    public static Selection select(List<Candidate> candidates, Eligibility eligibility, boolean includeOffline,
                                   double canaryPercent, Instant now) {
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (Candidate c : candidates) {
            (eligibility.online(c.lastSeenAt(), now) ? online : offline).add(c.mac());
        }
        List<String> targets = new ArrayList<>(online);
        if (includeOffline) {
            targets.addAll(offline);
        }
        int held = includeOffline ? 0 : offline.size();
        // The canary is drawn from online devices only, so that it can actually confirm.
        int canary = Math.min(CampaignPlanner.canarySize(targets.size(), canaryPercent), Math.max(online.size(), 0));
        return new Selection(new Preflight(candidates.size(), online.size(), offline.size(), held, targets.size(),
                canary), List.copyOf(targets));
    }
}
