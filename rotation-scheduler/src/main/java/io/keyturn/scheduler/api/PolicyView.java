package io.keyturn.scheduler.api;

import io.keyturn.scheduler.domain.Policy;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A group's rotation policy. */
@Schema(name = "Policy")
public record PolicyView(String group, String cadence, int jitterPercent, String zone, List<WindowView> windows,
                         int maxPerMinute, String seenWithin, String confirmWithin) {

    static PolicyView from(Policy p) {
        return new PolicyView(p.group(), p.cadence() == null ? null : p.cadence().toString(), p.jitter().percent(),
                p.windows().zone().getId(), p.windows().windows().stream().map(WindowView::from).toList(),
                p.maxRate().perMinute(), p.eligibility().seenWithin().toString(), p.confirmWithin().toString());
    }
}
