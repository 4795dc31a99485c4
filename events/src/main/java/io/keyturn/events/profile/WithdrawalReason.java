package io.keyturn.events.profile;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a file stops being served. An open set: a newer producer may add reasons within the same
 * schema version, and a consumer that does not know one reads it as {@link #OTHER}.
 */
public enum WithdrawalReason {
    /** A newer generation was confirmed, so this generation's files are retired. */
    GENERATION_RETIRED("generation-retired"),
    /** The staging-key bootstrap was served and the device confirmed its first chain generation. */
    BOOTSTRAP_DISARMED("bootstrap-disarmed"),
    /** The device was decommissioned. */
    DEVICE_DECOMMISSIONED("device-decommissioned"),
    /** A rotation failed after this file was published, and nothing points at it. */
    ROTATION_ABORTED("rotation-aborted"),
    /** An operator removed the file (e.g. a stage-0 file for a model no longer provisioned). */
    OPERATOR_REQUEST("operator-request"),
    /** A reason not listed here. */
    @JsonEnumDefaultValue
    OTHER("other");

    private final String code;

    WithdrawalReason(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code generation-retired}. */
    @JsonValue
    public String code() {
        return code;
    }
}
