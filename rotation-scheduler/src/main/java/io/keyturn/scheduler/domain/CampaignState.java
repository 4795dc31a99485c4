package io.keyturn.scheduler.domain;

import java.util.Locale;

/**
 * The life of a campaign. Running issues requests; paused (by an operator) and halted (by a stop rule or a failed
 * canary) issue nothing and wait for resume; completed and cancelled are final.
 */
public enum CampaignState {
    RUNNING, PAUSED, HALTED, COMPLETED, CANCELLED;

    /** The JSON value, e.g. {@code running}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignState fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** An operator's pause: only a running campaign pauses. */
    public CampaignState pause() {
        return require(this == RUNNING, "pause", PAUSED);
    }

    /** An operator's resume of a paused or halted campaign. */
    public CampaignState resume() {
        return require(this == PAUSED || this == HALTED, "resume", RUNNING);
    }

    /** An operator's cancel: anything not yet final. */
    public CampaignState cancel() {
        return require(!isFinal(), "cancel", CANCELLED);
    }

    /** A stop rule halts a running campaign. */
    public CampaignState halt() {
        return require(this == RUNNING, "halt", HALTED);
    }

    /** Every device reached an outcome. */
    public CampaignState complete() {
        return require(this == RUNNING, "complete", COMPLETED);
    }

    private CampaignState require(boolean allowed, String verb, CampaignState next) {
        if (!allowed) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_TRANSITION,
                    "a " + code() + " campaign cannot " + verb);
        }
        return next;
    }
}
