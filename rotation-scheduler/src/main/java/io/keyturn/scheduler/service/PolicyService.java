package io.keyturn.scheduler.service;

import io.keyturn.platform.problem.ProblemException;
import io.keyturn.scheduler.api.SchedulerProblem;
import io.keyturn.scheduler.domain.Groups;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.persistence.PolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Policy use cases. */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final Clock clock;

    @Inject
    public PolicyService(PolicyRepository policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** Sets the policy of a group; refuses windows that never open. */
    @Transactional
    public Policy put(Supplier<Policy> parse, String by) {
        return CampaignService.domain(() -> {
            Policy p = parse.get();
            Groups.require(p.group());
            p.windows().requireOpensAfter(clock.instant());
            policies.put(p, by, clock.instant());
            return p;
        });
    }

    @Transactional
    public Policy get(String group) {
        return policies.find(group).orElseThrow(() -> notFound(group));
    }

    @Transactional
    public void delete(String group) {
        if (!policies.delete(group)) {
            throw notFound(group);
        }
    }

    @Transactional
    public List<Policy> page(String after, int limit) {
        return policies.page(after, limit);
    }

    private static ProblemException notFound(String group) {
        return new ProblemException(SchedulerProblem.POLICY_NOT_FOUND, "no policy for group " + group);
    }
}
