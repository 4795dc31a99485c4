package io.keyturn.bench;

/** How long and how large a run is: {@code --quick} (under 5 minutes in all), the default, or {@code --full}. */
public enum Mode {
    QUICK, DEFAULT, FULL;

    /** Picks the size for this mode. */
    public int pick(int quick, int normal, int full) {
        return switch (this) {
            case QUICK -> quick;
            case DEFAULT -> normal;
            case FULL -> full;
        };
    }

    public String flag() {
        return switch (this) {
            case QUICK -> "--quick";
            case DEFAULT -> "";
            case FULL -> "--full";
        };
    }
}
