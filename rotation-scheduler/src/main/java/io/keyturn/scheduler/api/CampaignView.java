package io.keyturn.scheduler.api;

import io.keyturn.scheduler.domain.CampaignProgress;
import io.keyturn.scheduler.persistence.CampaignRow;
import io.keyturn.scheduler.service.CampaignService;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A campaign with its progress. */
@Schema(name = "Campaign")
public record CampaignView(
        String id, String group,
        @Schema(description = "running, paused, halted, completed or cancelled") String state,
        @Schema(description = "canary until the canary cohort passed, then waves") String phase,
        @Schema(description = "Why it waits or halted, if it does") String reason,
        int ratePerMinute, double canaryPercent, int canarySize, String stopAfter, boolean emergency,
        boolean includeOffline, String confirmWithin, String zone, List<WindowView> windows,
        @Schema(description = "Devices in the campaign") int total,
        @Schema(description = "Offline devices left out") int heldBack,
        Counts counts, int pending, int inFlight, int cancelled, Stragglers stragglers,
        @Schema(description = "Expected end, while running") Instant eta,
        String createdBy, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    /** Devices that reached at least each step; {@code failed} counts failed and overdue devices. */
    public record Counts(int requested, int issued, int published, int confirmed, int failed) {
    }

    /** In-flight devices past half their time to confirm, and overdue ones, oldest first. */
    public record Stragglers(long count, List<String> sample) {
    }

    static CampaignView from(CampaignService.CampaignStatus s) {
        return of(s.campaign(), s.progress(), new Stragglers(s.stragglerCount(), s.stragglers()), s.eta());
    }

    static CampaignView summary(CampaignRow c) {
        return of(c, null, null, null);
    }

    private static CampaignView of(CampaignRow c, CampaignProgress p, Stragglers stragglers, Instant eta) {
        Counts counts = p == null ? null : new Counts(p.requested(), p.issued(), p.published(), p.confirmed(), p.failed());
        return new CampaignView(c.id(), c.group(), c.state().code(), c.inCanary() ? "canary" : "waves",
                c.statusReason(), c.rate().perMinute(), c.canaryPercent(), c.canarySize(), c.stopRule().toString(),
                c.emergency(), c.includeOffline(), c.confirmWithin().toString(), c.windows().zone().getId(),
                c.windows().windows().stream().map(WindowView::from).toList(), c.total(), c.heldBack(), counts,
                p == null ? 0 : p.pending(), p == null ? 0 : p.inFlight(), p == null ? 0 : p.cancelled(), stragglers,
                eta, c.createdBy(), c.createdAt(), c.updatedAt(), c.finishedAt());
    }
}
