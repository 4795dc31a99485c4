package io.keyturn.scheduler.api;

import io.keyturn.platform.problem.ProblemException;
import io.keyturn.platform.problem.ProblemType;
import io.keyturn.scheduler.domain.SchedulingException;

/** The problems the scheduler's REST API answers besides the platform's. */
public enum SchedulerProblem implements ProblemType {
    INVALID_RATE("invalid-rate", "Rate must be a positive number per minute", 400),
    INVALID_PERCENT("invalid-percent", "Percentage out of range", 400),
    INVALID_STOP_RULE("invalid-stop-rule", "Stop rule is not N/M", 400),
    INVALID_WINDOW("invalid-window", "Maintenance window is not valid", 400),
    WINDOW_NEVER_OPENS("window-never-opens", "Maintenance windows never open", 400),
    INVALID_DURATION("invalid-duration", "Duration is not valid", 400),
    INVALID_MAC("invalid-mac", "MAC address is not 12 hexadecimal digits", 400),
    INVALID_CURSOR("invalid-cursor", "Cursor is not valid", 400),
    UNKNOWN_GROUP("unknown-group", "No device in that group", 400),
    NO_ELIGIBLE_DEVICES("no-eligible-devices", "No device would be rotated", 409),
    CAMPAIGN_OVERLAP("campaign-overlap", "Devices already in an active campaign", 409),
    CAMPAIGN_STATE_CONFLICT("campaign-state-conflict", "Campaign cannot do that in its state", 409),
    CAMPAIGN_NOT_FOUND("campaign-not-found", "Campaign not found", 404),
    POLICY_NOT_FOUND("policy-not-found", "Policy not found", 404),
    DEVICE_NOT_FOUND("device-not-found", "Device not found", 404),
    DEVICE_DECOMMISSIONED("device-decommissioned", "Device is decommissioned", 409);

    private final Definition definition;

    SchedulerProblem(String code, String title, int status) {
        this.definition = new Definition(code, title, status);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The problem for a refusal of the domain rules; the domain's message is the detail. */
    public static ProblemException of(SchedulingException e) {
        SchedulerProblem p = switch (e.reason()) {
            case INVALID_RATE -> INVALID_RATE;
            case INVALID_PERCENT -> INVALID_PERCENT;
            case INVALID_STOP_RULE -> INVALID_STOP_RULE;
            case INVALID_WINDOW -> INVALID_WINDOW;
            case WINDOW_NEVER_OPENS -> WINDOW_NEVER_OPENS;
            case INVALID_DURATION -> INVALID_DURATION;
            case INVALID_TRANSITION -> CAMPAIGN_STATE_CONFLICT;
            case UNKNOWN_GROUP -> UNKNOWN_GROUP;
            case NO_ELIGIBLE_DEVICES -> NO_ELIGIBLE_DEVICES;
            case CAMPAIGN_OVERLAP -> CAMPAIGN_OVERLAP;
        };
        return new ProblemException(p, e.getMessage(), e);
    }
}
