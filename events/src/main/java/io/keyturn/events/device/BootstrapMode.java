package io.keyturn.events.device;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a device gets its first, device-unique profile (DESIGN.md §1, step 2). */
public enum BootstrapMode {
    /** HTTPS with the device's client certificate; served only to the certificate whose MAC matches. */
    MTLS("mtls"),
    /** A bootstrap file encrypted with a per-device staging key, served once. */
    STAGING_KEY("staging-key"),
    /** The vendor {@code spc --target <mac>} flow; needs the operator's {@code spc} binary. */
    SPC_TARGET("spc-target");

    private final String code;

    BootstrapMode(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code staging-key}. */
    @JsonValue
    public String code() {
        return code;
    }
}
