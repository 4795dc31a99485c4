package io.keyturn.crypto.domain;

/** Where one generation of a device's chain stands (DESIGN.md beside this package). */
public enum GenerationState {
    /** Key and directory exist; no file is fetchable at the directory yet, and nothing points at it. */
    ISSUED("issued"),
    /** Its steady file is fetchable at its directory, encrypted with its key. */
    PUBLISHED("published"),
    /** The device proved it holds this generation; it is the chain's c. */
    CONFIRMED("confirmed"),
    /** A newer generation was confirmed: its file is withdrawn; its key waits for the grace period. */
    RETIRED("retired"),
    /** Its key is overwritten; only the fingerprint and times remain. */
    DESTROYED("destroyed");

    private final String code;

    GenerationState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static GenerationState fromCode(String code) {
        for (GenerationState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown generation state " + code);
    }

    /** A generation whose file is fetchable and must keep leading to the newest one. */
    public boolean isLive() {
        return this == PUBLISHED || this == CONFIRMED;
    }
}
