package io.keyturn.scheduler.service;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.scheduler.config.SchedulerConfig;
import io.keyturn.scheduler.domain.CampaignPlan;
import io.keyturn.scheduler.domain.CampaignPlanner;
import io.keyturn.scheduler.domain.CampaignSnapshot;
import io.keyturn.scheduler.domain.CampaignState;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.TokenBucket;
import io.keyturn.scheduler.persistence.CampaignRepository;
import io.keyturn.scheduler.persistence.CampaignRow;
import io.keyturn.scheduler.persistence.PolicyRepository;
import io.keyturn.scheduler.persistence.RateBucketRepository;
import io.keyturn.scheduler.persistence.RotationRequestRepository;
import io.keyturn.scheduler.persistence.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One tick of every running campaign, each in its own transaction: overdue devices time out, the planner decides,
 * and the devices it allows are claimed and their {@code rotation.requested} events appended to the outbox in the
 * same transaction, so a device is requested at most once per campaign whichever replica ticks.
 */
@ApplicationScoped
public class CampaignTickService {

    private static final Logger LOG = Logger.getLogger(CampaignTickService.class);
    static final String FLEET_BUCKET = "fleet";

    private final CampaignRepository campaigns;
    private final PolicyRepository policies;
    private final RateBucketRepository buckets;
    private final RotationRequestRepository requests;
    private final OutboxWriter outbox;
    private final Sql sql;
    private final Clock clock;
    private final Rate fleetRate;
    private final String instanceId;

    @Inject
    public CampaignTickService(CampaignRepository campaigns, PolicyRepository policies, RateBucketRepository buckets,
                               RotationRequestRepository requests, OutboxWriter outbox, Sql sql, Clock clock,
                               SchedulerConfig config) {
        this.campaigns = campaigns;
        this.policies = policies;
        this.buckets = buckets;
        this.requests = requests;
        this.outbox = outbox;
        this.sql = sql;
        this.clock = clock;
        this.fleetRate = new Rate(config.fleetMaxPerMinute());
        this.instanceId = config.instanceId().orElseGet(CampaignTickService::defaultInstanceId);
    }

    /** This replica's name, as written in {@code campaign_device.requested_by}. */
    public String instanceId() {
        return instanceId;
    }

    /** Ticks every running campaign; one failing campaign does not stop the others. */
    public void tickAll() {
        List<String> ids = QuarkusTransaction.requiringNew().call(campaigns::runningIds);
        for (String id : ids) {
            try {
                QuarkusTransaction.requiringNew().run(() -> tick(id));
            } catch (RuntimeException e) {
                LOG.warnf("Tick of campaign %s failed, retrying on the next tick: %s", id, e.toString());
            }
        }
    }

    /** One tick of one campaign, in the caller's transaction. */
    public void tick(String id) {
        CampaignRow c = campaigns.lock(id).orElse(null);
        if (c == null || c.state() != CampaignState.RUNNING) {
            return;
        }
        Instant now = clock.instant();
        for (CampaignRepository.Overdue o : campaigns.timeOut(id, now)) {
            outbox.append(CloudEvent.of(Sources.ROTATION_SCHEDULER, new RotationFailed(o.mac(), o.generation(), id,
                    null, RotationFailureReason.CONFIRMATION_TIMEOUT,
                    "not confirmed within " + c.confirmWithin() + " of the request", o.requestId(), now), clock));
        }
        Policy policy = policies.effectiveFor(c.group());
        String groupBucketName = "group:" + policy.group();
        TokenBucket fleet = buckets.lock(FLEET_BUCKET, fleetRate, now).refill(now);
        TokenBucket group = buckets.lock(groupBucketName, policy.maxRate(), now).refill(now);
        TokenBucket own = c.bucket().refill(now);
        int tokens = Math.min(own.available(), Math.min(group.available(), fleet.available()));
        // In its waves a campaign is planned from its pending devices (up to the tokens) and the stop rule's window;
        // every count is read only for the canary and the end, where the planner needs them.
        CampaignSnapshot snapshot = campaigns.wavesSnapshot(c, tokens).orElseGet(() -> campaigns.snapshot(c));
        CampaignPlan plan = new CampaignPlanner(c.stopRule(), c.windows(), c.emergency()).plan(snapshot, tokens, now);
        if (plan.passCanary()) {
            campaigns.passCanary(id, now);
            LOG.infof("Campaign %s: canary of %d devices passed, waves start", id, c.canarySize());
        }
        switch (plan.action()) {
            case ISSUE -> {
                int issued = issue(c, plan, now);
                campaigns.saveBucket(id, own.take(issued));
                buckets.save(groupBucketName, group.take(issued));
                buckets.save(FLEET_BUCKET, fleet.take(issued));
                campaigns.setStatusReason(id, null);
            }
            case HALT -> {
                campaigns.setState(id, CampaignState.HALTED, plan.reason(), now);
                LOG.warnf("Campaign %s halted: %s", id, plan.reason());
            }
            case COMPLETE -> {
                campaigns.setState(id, CampaignState.COMPLETED, null, now);
                LOG.infof("Campaign %s completed", id);
            }
            default -> campaigns.setStatusReason(id, plan.reason());
        }
    }

    private int issue(CampaignRow c, CampaignPlan plan, Instant now) {
        List<CampaignRepository.Claimed> claimed =
                campaigns.claim(c.id(), plan.fromCanary(), plan.count(), now, c.confirmWithin(), instanceId);
        List<Object[]> recorded = new ArrayList<>(claimed.size());
        List<CloudEvent<RotationRequested>> requested = new ArrayList<>(claimed.size());
        int issued = 0;
        for (CampaignRepository.Claimed d : claimed) {
            if (!d.active()) {
                // Decommissioned between planning and now: nothing to rotate.
                sql.update("UPDATE campaign_device SET stage = 'cancelled', request_id = NULL, requested_at = NULL,"
                        + " deadline_at = NULL WHERE campaign_id = ? AND mac = ?", c.id(), d.mac());
                continue;
            }
            RotationRequested data = new RotationRequested(d.mac(), d.fromGeneration(), RotationCause.CAMPAIGN,
                    c.createdBy(), c.id(), now);
            requested.add(CloudEvent.of(d.requestId(), Sources.ROTATION_SCHEDULER, now, data));
            recorded.add(new Object[] {d.requestId(), d.mac(), RotationCause.CAMPAIGN.code(), c.id(), c.createdBy(), now});
            issued++;
        }
        // The tick's requests as a few bundle rows, not a row each: the tick holds the campaign and the rows it
        // claimed until it commits, and the rotation events of devices it is claiming wait on them (PostgreSQL showed
        // the published-event update waiting on the tick's transaction in most samples of a 100,000-device campaign).
        outbox.appendBundles(outbox.bundle(requested.stream().map(outbox::encode).toList()));
        requests.recordAll(recorded);
        return issued;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
