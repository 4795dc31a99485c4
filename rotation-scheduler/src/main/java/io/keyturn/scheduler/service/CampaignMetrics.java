package io.keyturn.scheduler.service;

import io.keyturn.scheduler.domain.CampaignProgress;
import io.keyturn.scheduler.persistence.CampaignRepository;
import io.keyturn.scheduler.persistence.CampaignRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * Campaign progress as Prometheus gauges, read from the database on scrape (at most every five seconds), so every
 * replica reports the same numbers whichever one ticks: {@code keyturn_campaign_devices{campaign,step}} (requested,
 * issued, published, confirmed, failed, pending, total) and {@code keyturn_campaign_running{campaign}} (1 while
 * running), for the 100 newest campaigns.
 */
@Startup
@ApplicationScoped
public class CampaignMetrics {

    private static final Logger LOG = Logger.getLogger(CampaignMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(5);
    private static final Map<String, ToLongFunction<CampaignProgress>> STEPS = Map.of(
            "requested", CampaignProgress::requested, "issued", CampaignProgress::issued,
            "published", CampaignProgress::published, "confirmed", CampaignProgress::confirmed,
            "failed", CampaignProgress::failed, "pending", CampaignProgress::pending,
            "total", CampaignProgress::total);

    private final CampaignRepository campaigns;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();
    private volatile Instant refreshedAt = Instant.EPOCH;

    @Inject
    public CampaignMetrics(CampaignRepository campaigns, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.registry = registry;
        Gauge.builder("keyturn.campaigns.active", this, m -> m.refreshed(m.active))
                .description("Campaigns running, paused or halted").register(registry);
    }

    private double refreshed(AtomicLong value) {
        refreshIfStale();
        return value.get();
    }

    private synchronized void refreshIfStale() {
        Instant now = Instant.now(); // a cache age, not a time the service writes
        if (refreshedAt.plus(FRESH).isAfter(now)) {
            return;
        }
        refreshedAt = now;
        try {
            QuarkusTransaction.requiringNew().run(this::refresh);
        } catch (RuntimeException e) {
            LOG.debugf("Campaign metrics not refreshed: %s", e.toString());
        }
    }

    private void refresh() {
        List<CampaignRow> rows = campaigns.page(null, null, 100);
        long activeCount = 0;
        for (CampaignRow c : rows) {
            if (!c.state().isFinal()) {
                activeCount++;
            }
            CampaignProgress p = campaigns.progress(c.id());
            STEPS.forEach((step, f) -> gauge(c.id(), step).set(f.applyAsLong(p)));
            running(c.id()).set(c.state() == io.keyturn.scheduler.domain.CampaignState.RUNNING ? 1 : 0);
        }
        active.set(activeCount);
    }

    private AtomicLong gauge(String campaign, String step) {
        return values.computeIfAbsent(campaign + "/" + step, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("keyturn.campaign.devices", v, x -> refreshed(x))
                    .tag("campaign", campaign).tag("step", step)
                    .description("Devices of a campaign that reached at least this step").register(registry);
            return v;
        });
    }

    private AtomicLong running(String campaign) {
        return values.computeIfAbsent(campaign + "/running", k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("keyturn.campaign.running", v, x -> refreshed(x)).tag("campaign", campaign)
                    .description("1 while the campaign is running").register(registry);
            return v;
        });
    }
}
