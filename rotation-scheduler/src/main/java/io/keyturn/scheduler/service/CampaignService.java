package io.keyturn.scheduler.service;

import io.keyturn.platform.problem.ProblemException;
import io.keyturn.scheduler.api.SchedulerProblem;
import io.keyturn.scheduler.domain.CampaignPlanner;
import io.keyturn.scheduler.domain.CampaignProgress;
import io.keyturn.scheduler.domain.CampaignState;
import io.keyturn.scheduler.domain.Groups;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.domain.Preflight;
import io.keyturn.scheduler.domain.Rate;
import io.keyturn.scheduler.domain.SchedulingException;
import io.keyturn.scheduler.domain.StopRule;
import io.keyturn.scheduler.domain.TokenBucket;
import io.keyturn.scheduler.domain.WindowSchedule;
import io.keyturn.scheduler.persistence.CampaignRepository;
import io.keyturn.scheduler.persistence.CampaignRow;
import io.keyturn.scheduler.persistence.DeviceRepository;
import io.keyturn.scheduler.persistence.PolicyRepository;
import io.keyturn.scheduler.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/** Campaign use cases: preflight, create, read, pause, resume, cancel. */
@ApplicationScoped
public class CampaignService {

    /** A campaign with its progress, as the API shows it. */
    public record CampaignStatus(CampaignRow campaign, CampaignProgress progress, long stragglerCount,
                                 List<String> stragglers, Instant eta) {
    }

    /** Serialises campaign creation, so two overlapping campaigns cannot both pass the overlap check. */
    private static final long CREATE_LOCK = 0x6b74636dL;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CampaignRepository campaigns;
    private final DeviceRepository devices;
    private final PolicyRepository policies;
    private final Sql sql;
    private final Clock clock;
    private final int stragglerSample;

    @Inject
    public CampaignService(CampaignRepository campaigns, DeviceRepository devices, PolicyRepository policies, Sql sql,
                           Clock clock, io.keyturn.scheduler.config.SchedulerConfig config) {
        this.campaigns = campaigns;
        this.devices = devices;
        this.policies = policies;
        this.sql = sql;
        this.clock = clock;
        this.stragglerSample = config.stragglerSample();
    }

    private record Prepared(Policy policy, Rate rate, double canaryPercent, StopRule stopRule, WindowSchedule windows,
                            Duration confirmWithin, Preflight.Selection selection) {
    }

    /** What a campaign for {@code spec} would do, without creating it. */
    @Transactional
    public Preflight preflight(CampaignSpec spec) {
        return domain(() -> prepare(spec, clock.instant()).selection().preflight());
    }

    /** Creates and starts a campaign; nothing is created when any part of {@code spec} is refused. */
    @Transactional
    public CampaignRow create(CampaignSpec spec, String by) {
        return domain(() -> {
            Instant now = clock.instant();
            sql.one("SELECT pg_advisory_xact_lock(?)", rs -> Boolean.TRUE, CREATE_LOCK);
            Prepared p = prepare(spec, now);
            List<String> targets = p.selection().targets();
            if (targets.isEmpty()) {
                throw new SchedulingException(SchedulingException.Reason.NO_ELIGIBLE_DEVICES,
                        "no device in " + spec.group() + " would be rotated: " + p.selection().preflight().offline()
                                + " offline devices are held back (includeOffline rotates them too)");
            }
            long overlap = campaigns.overlapping(targets);
            if (overlap > 0) {
                throw new SchedulingException(SchedulingException.Reason.CAMPAIGN_OVERLAP,
                        overlap + " of the devices in " + spec.group() + " are still open in another active campaign");
            }
            Preflight pf = p.selection().preflight();
            String id = "cmp-" + HexFormat.of().formatHex(randomBytes());
            CampaignRow row = new CampaignRow(0, id, spec.group(), p.rate(), p.canaryPercent(), p.stopRule(),
                    spec.emergency(), spec.includeOffline(), p.confirmWithin(), p.windows(), CampaignState.RUNNING,
                    pf.canary() > 0, pf.canary(), pf.targets(), pf.heldBack(), null, now,
                    TokenBucket.full(p.rate(), now), by, now, now, null);
            campaigns.insert(row, targets);
            return campaigns.find(id).orElseThrow();
        });
    }

    @Transactional
    public CampaignStatus status(String id) {
        CampaignRow c = campaigns.find(id).orElseThrow(() -> notFound(id));
        Instant now = clock.instant();
        CampaignProgress progress = campaigns.progress(id);
        Rate effective = effectiveRate(c);
        // The progress and the median confirmation read every device of the campaign (100,000 rows for a large one,
        // and watchers poll it): skip what the counts already answer. Stragglers are timed out (counted in failed) or
        // in flight, and their reads stop at the requests older than half the confirmation window.
        Duration typical = progress.confirmed() > 0 ? campaigns.typicalConfirmation(id).orElse(null) : null;
        Instant eta = progress.eta(c.state(), effective, typical, now).orElse(null);
        long stragglerCount = progress.inFlight() + progress.failed() > 0
                ? campaigns.stragglerCount(id, now, c.confirmWithin()) : 0;
        List<String> stragglers = stragglerCount > 0
                ? campaigns.stragglers(id, now, c.confirmWithin(), stragglerSample) : List.of();
        return new CampaignStatus(c, progress, stragglerCount, stragglers, eta);
    }

    @Transactional
    public List<CampaignRow> page(Long beforeSeq, String state, int limit) {
        return campaigns.page(beforeSeq, state, limit);
    }

    @Transactional
    public List<CampaignRepository.DeviceProgressRow> devices(String id, String stage, int afterOrdinal, int limit) {
        campaigns.find(id).orElseThrow(() -> notFound(id));
        return campaigns.devices(id, stage, afterOrdinal, limit);
    }

    @Transactional
    public CampaignRow pause(String id) {
        return transition(id, c -> {
            campaigns.setState(id, c.state().pause(), "paused by an operator", clock.instant());
            return null;
        });
    }

    @Transactional
    public CampaignRow resume(String id) {
        return transition(id, c -> {
            c.state().resume();
            campaigns.resume(id, clock.instant());
            return null;
        });
    }

    /** Cancels: pending devices are dropped; rotations already requested run their course and are still counted. */
    @Transactional
    public CampaignRow cancel(String id) {
        return transition(id, c -> {
            Instant now = clock.instant();
            campaigns.setState(id, c.state().cancel(), "cancelled by an operator", now);
            campaigns.cancelPending(id, now);
            return null;
        });
    }

    private CampaignRow transition(String id, Function<CampaignRow, Void> change) {
        return domain(() -> {
            CampaignRow c = campaigns.lock(id).orElseThrow(() -> notFound(id));
            change.apply(c);
            return campaigns.find(id).orElseThrow();
        });
    }

    private Prepared prepare(CampaignSpec spec, Instant now) {
        String group = Groups.require(spec.group());
        if (spec.ratePerMinute() == null) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE, "ratePerMinute is required");
        }
        Rate rate = new Rate(spec.ratePerMinute());
        double canary = spec.canaryPercent() == null ? 0 : spec.canaryPercent();
        CampaignPlanner.canarySize(1, canary);
        StopRule stop = spec.stopAfter() == null ? StopRule.DEFAULT : StopRule.parse(spec.stopAfter());
        if (!devices.groupExists(group)) {
            throw new SchedulingException(SchedulingException.Reason.UNKNOWN_GROUP, "no device is in group " + group);
        }
        Policy policy = policies.effectiveFor(group);
        WindowSchedule windows = spec.windows() == null ? policy.windows()
                : new WindowSchedule(spec.zone() == null ? policy.windows().zone() : spec.zone(), spec.windows());
        if (!spec.emergency()) {
            windows.requireOpensAfter(now);
        }
        Duration confirmWithin = spec.confirmWithin() == null ? policy.confirmWithin() : spec.confirmWithin();
        if (confirmWithin.isNegative() || confirmWithin.isZero()) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION, "confirmWithin must be positive");
        }
        Preflight.Selection selection = Preflight.select(devices.candidates(group), policy.eligibility(),
                spec.includeOffline(), canary, now);
        return new Prepared(policy, rate, canary, stop, windows, confirmWithin, selection);
    }

    /** The pace the campaign can actually go at: the smallest of its own, its group's and the fleet's rates. */
    Rate effectiveRate(CampaignRow c) {
        Policy policy = policies.effectiveFor(c.group());
        return new Rate(Math.min(c.rate().perMinute(), policy.maxRate().perMinute()));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(SchedulerProblem.CAMPAIGN_NOT_FOUND, "no campaign " + id);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    static <T> T domain(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (SchedulingException e) {
            throw SchedulerProblem.of(e);
        }
    }
}
