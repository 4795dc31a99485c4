package io.keyturn.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one resync did: why it ran, whether the whole Profile_Rule..Profile_Rule_D sequence succeeded,
 * the URLs whose files were applied, and the failure that aborted it, if any.
 *
 * @param fetched URLs whose profiles were applied, in order (a file-not-found accepted because
 *     Resync_Fails_On_FNF is No is not among them)
 */
public record ResyncResult(Instant at, ResyncReason reason, Outcome outcome, List<String> fetched,
        Optional<ResyncFailure> failure) {

    /** How a resync ended. */
    public enum Outcome {
        /** Every rule succeeded or was skipped. */
        SUCCEEDED,
        /** A rule failed; the rest were abandoned and a retry is scheduled. */
        FAILED,
        /** Provision_Enable is No: nothing was evaluated. */
        DISABLED
    }

    public ResyncResult {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
        fetched = List.copyOf(fetched);
        Objects.requireNonNull(failure, "failure");
        if ((outcome == Outcome.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("a failure is given exactly when the outcome is FAILED");
        }
    }

    /** Whether the sequence succeeded. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
