package io.keyturn.events.rotation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a rotation was requested. */
public enum RotationCause {
    /** An operator asked for this device ({@code POST /api/v1/devices/{mac}/rotations}). */
    MANUAL("manual"),
    /** A rotation policy's schedule came due for the device. */
    SCHEDULE("schedule"),
    /** A campaign's wave reached the device; {@code campaignId} names the campaign. */
    CAMPAIGN("campaign"),
    /** An operator rotated outside windows and rate limits, e.g. after a suspected key leak. */
    EMERGENCY("emergency");

    private final String code;

    RotationCause(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code schedule}. */
    @JsonValue
    public String code() {
        return code;
    }
}
