package io.keyturn.crypto.api;

import io.keyturn.crypto.domain.DeviceProblem;
import io.keyturn.platform.problem.ProblemType;

/** The problems crypto-service's own endpoints answer with. */
public enum CryptoProblem implements ProblemType {
    DEVICE_NOT_FOUND("device-not-found", "Device not found", 404),
    DEVICE_DECOMMISSIONED("device-decommissioned", "Device decommissioned", 409),
    BOOTSTRAP_MODE_MISMATCH("bootstrap-mode-mismatch", "Device is not in this bootstrap mode", 409),
    BOOTSTRAP_DISARMED("bootstrap-disarmed", "Bootstrap disarmed", 409),
    BOOTSTRAP_NOT_READY("bootstrap-not-ready", "No generation published yet", 409),
    INVALID_MAC("invalid-mac", "Not a MAC address", 400),
    INVALID_GROUP("invalid-group", "Not a group path", 400),
    REWRAP_JOB_NOT_FOUND("rewrap-job-not-found", "Rewrap job not found", 404);

    private final Definition definition;

    CryptoProblem(String code, String title, int status) {
        this.definition = new Definition(code, title, status);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    static CryptoProblem of(DeviceProblem.Reason reason) {
        return switch (reason) {
            case DEVICE_NOT_FOUND -> DEVICE_NOT_FOUND;
            case DEVICE_DECOMMISSIONED -> DEVICE_DECOMMISSIONED;
            case BOOTSTRAP_MODE_MISMATCH -> BOOTSTRAP_MODE_MISMATCH;
            case BOOTSTRAP_DISARMED -> BOOTSTRAP_DISARMED;
            case BOOTSTRAP_NOT_READY -> BOOTSTRAP_NOT_READY;
        };
    }
}
