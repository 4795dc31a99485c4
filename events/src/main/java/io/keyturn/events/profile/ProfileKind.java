package io.keyturn.events.profile;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which step of the device flow a file serves (DESIGN.md §1). */
public enum ProfileKind {
    /** The generic per-model file (e.g. {@code /spa962.cfg}); plain XML holding no secret, owned by no device. */
    STAGE0("stage0"),
    /** A device's staging-key bootstrap file, encrypted with its staging key. */
    BOOTSTRAP("bootstrap"),
    /** A chain file at a generation's directory, encrypted with that generation's key. */
    CHAIN("chain");

    private final String code;

    ProfileKind(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code chain}. */
    @JsonValue
    public String code() {
        return code;
    }
}
