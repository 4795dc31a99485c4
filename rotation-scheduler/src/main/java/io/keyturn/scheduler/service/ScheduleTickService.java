package io.keyturn.scheduler.service;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.scheduler.config.SchedulerConfig;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.TokenBucket;
import io.keyturn.scheduler.persistence.RateBucketRepository;
import io.keyturn.scheduler.persistence.RotationRequestRepository;
import io.keyturn.scheduler.persistence.ScheduleRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Scheduled rotations: for each policy with a cadence, the online devices whose jittered due time has come are
 * requested (cause {@code schedule}), inside the policy's windows and within the group's and the fleet's rates.
 * Runs in the same clustered tick as the campaigns, one transaction per policy.
 */
@ApplicationScoped
public class ScheduleTickService {

    private static final Logger LOG = Logger.getLogger(ScheduleTickService.class);

    private final ScheduleRepository schedule;
    private final RateBucketRepository buckets;
    private final RotationRequestRepository requests;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final Rate fleetRate;

    @Inject
    public ScheduleTickService(ScheduleRepository schedule, RateBucketRepository buckets,
                               RotationRequestRepository requests, OutboxWriter outbox, Clock clock,
                               SchedulerConfig config) {
        this.schedule = schedule;
        this.buckets = buckets;
        this.requests = requests;
        this.outbox = outbox;
        this.clock = clock;
        this.fleetRate = new Rate(config.fleetMaxPerMinute());
    }

    public void tickAll() {
        List<Policy> policies = QuarkusTransaction.requiringNew().call(schedule::withCadence);
        for (Policy p : policies) {
            try {
                QuarkusTransaction.requiringNew().run(() -> tick(p));
            } catch (RuntimeException e) {
                LOG.warnf("Scheduled rotations of %s failed, retrying on the next tick: %s", p.group(), e.toString());
            }
        }
    }

    /** One pass over one policy, in the caller's transaction; the number of devices requested. */
    public int tick(Policy policy) {
        Instant now = clock.instant();
        if (!policy.windows().isOpen(now)) {
            return 0;
        }
        String groupBucket = "group:" + policy.group();
        TokenBucket fleet = buckets.lock(CampaignTickService.FLEET_BUCKET, fleetRate, now).refill(now);
        TokenBucket group = buckets.lock(groupBucket, policy.maxRate(), now).refill(now);
        int tokens = Math.min(fleet.available(), group.available());
        if (tokens == 0) {
            return 0;
        }
        // The jitter moves a due time by at most percent of the cadence, so nothing rotated after this is due yet.
        Duration earliest = policy.cadence().minus(policy.cadence().multipliedBy(policy.jitter().percent()).dividedBy(100));
        List<ScheduleRepository.Candidate> candidates =
                schedule.candidates(policy, now.minus(earliest), now, policy.confirmWithin(), tokens * 4);
        List<Object[]> recorded = new ArrayList<>();
        String by = "policy " + policy.group();
        for (ScheduleRepository.Candidate c : candidates) {
            if (recorded.size() == tokens) {
                break;
            }
            boolean due = !policy.jitter().nextDue(c.mac(), c.lastRotationAt(), policy.cadence()).isAfter(now);
            if (!due || !policy.eligibility().online(c.lastSeenAt(), now)) {
                continue;
            }
            CloudEvent<RotationRequested> e = CloudEvent.of(Sources.ROTATION_SCHEDULER,
                    new RotationRequested(c.mac(), c.generation(), RotationCause.SCHEDULE, by, null, now), clock);
            outbox.append(e);
            recorded.add(new Object[] {e.id(), c.mac(), RotationCause.SCHEDULE.code(), null, by, now});
        }
        requests.recordAll(recorded);
        buckets.save(groupBucket, group.take(recorded.size()));
        buckets.save(CampaignTickService.FLEET_BUCKET, fleet.take(recorded.size()));
        return recorded.size();
    }
}
