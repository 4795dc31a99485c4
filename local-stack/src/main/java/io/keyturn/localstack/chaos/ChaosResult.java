package io.keyturn.localstack.chaos;

import java.util.List;

/**
 * What a chaos run did and what held afterwards.
 *
 * @param outcomes one per injected fault, in order
 * @param campaignSeconds each campaign's wall time, from its creation until it completed (faults included)
 * @param settleSeconds from the last campaign's end until every unit was confirmed on the newest generation
 * @param seconds the whole run, fleet registration included
 */
public record ChaosResult(long seed, int devices, FaultSchedule schedule, List<FaultOutcome> outcomes,
        List<Double> campaignSeconds, double settleSeconds, InvariantCheck.Verdict verdict, double seconds) {

    public ChaosResult {
        outcomes = List.copyOf(outcomes);
        campaignSeconds = List.copyOf(campaignSeconds);
    }
}
