package io.keyturn.localstack.chaos;

import java.util.List;

/**
 * What a chaos run did and what held afterwards.
 *
 * @param outcomes one per injected fault, in order
 * @param campaignSeconds each campaign's wall time, from its creation until it completed (faults included)
 * @param settleSeconds from the last campaign's end until every unit was confirmed on the newest generation
 * @param seconds the whole run, fleet registration included
 * @param aborted why the run stopped before the fleet settled (a fault the stack did not recover from in time, a
 *     campaign that halted), with the seed; null when it went through
 */
public record ChaosResult(long seed, int devices, FaultSchedule schedule, List<FaultOutcome> outcomes,
        List<Double> campaignSeconds, double settleSeconds, InvariantCheck.Verdict verdict, double seconds,
        String aborted) {

    public ChaosResult {
        outcomes = List.copyOf(outcomes);
        campaignSeconds = List.copyOf(campaignSeconds);
    }

    /** The run went through and every invariant held. */
    public boolean passed() {
        return aborted == null && verdict.allHold();
    }
}
