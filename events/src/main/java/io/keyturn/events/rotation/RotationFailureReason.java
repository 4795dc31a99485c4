package io.keyturn.events.rotation;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a rotation failed. An open set: a newer producer may add reasons within the same schema
 * version, and a consumer that does not know one reads it as {@link #OTHER}.
 */
public enum RotationFailureReason {
    /** The device is not registered (or not yet known to the service that failed). */
    DEVICE_UNKNOWN("device-unknown"),
    /** The device was decommissioned before the rotation completed. */
    DEVICE_DECOMMISSIONED("device-decommissioned"),
    /** Too many issued generations are still unconfirmed; issuing more would only lengthen the chain. */
    UNCONFIRMED_BACKLOG("unconfirmed-backlog"),
    /** No key could be generated or stored (entropy source, key-encryption key, database). */
    KEY_GENERATION_FAILED("key-generation-failed"),
    /** A template the device needs is missing. */
    TEMPLATE_MISSING("template-missing"),
    /** The profile could not be rendered from its templates and parameters. */
    RENDER_FAILED("render-failed"),
    /** Encrypting a profile failed. */
    ENCRYPTION_FAILED("encryption-failed"),
    /** A freshly encrypted file did not decrypt and parse back, so it was never published. */
    VERIFICATION_FAILED("verification-failed"),
    /** The files could not be handed to delivery. */
    PUBLISH_FAILED("publish-failed"),
    /** The device's bootstrap mode cannot be served, e.g. {@code spc-target} with no {@code spc} configured. */
    BOOTSTRAP_UNAVAILABLE("bootstrap-unavailable"),
    /** The device did not fetch the new generation within the policy's confirmation window. */
    CONFIRMATION_TIMEOUT("confirmation-timeout"),
    /** The campaign stopped (a stop rule fired, or an operator halted or cancelled it) before this device. */
    CAMPAIGN_STOPPED("campaign-stopped"),
    /**
     * Not a failure of the device: the request's {@code fromGeneration} is older than the newest generation
     * already issued (another request rotated the device meanwhile), so no generation is issued for it. The
     * newer generation answers the request: its {@code rotation.published} and {@code rotation.confirmed}
     * complete it, and a campaign must not count it against a stop rule.
     */
    SUPERSEDED("superseded"),
    /** A reason not listed here; {@code detail} says more. */
    @JsonEnumDefaultValue
    OTHER("other");

    private final String code;

    RotationFailureReason(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code verification-failed}. */
    @JsonValue
    public String code() {
        return code;
    }
}
