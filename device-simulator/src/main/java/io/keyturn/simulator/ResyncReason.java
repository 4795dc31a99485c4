package io.keyturn.simulator;

/**
 * Why a resync runs, with the {@code $PRVST} value a rule sees during it (spa-protocol.md §3).
 * A Resync_Trigger_1/2 resync counts as {@link #PERIODIC}: it is a timer-driven resync, and the guides
 * give it no value of its own.
 */
public enum ResyncReason {
    /** An explicit request ({@code /admin/resync}, a SIP NOTIFY): {@code $PRVST} = -1. */
    EXPLICIT(-1),
    /** The first resync after power-up or reboot (Resync_On_Reset): {@code $PRVST} = 0. */
    POWER_UP(0),
    /** Resync_Periodic, or a Resync_Trigger_1/2 condition that became true: {@code $PRVST} = 1. */
    PERIODIC(1),
    /** A retry after Resync_Error_Retry_Delay following a failure: {@code $PRVST} = 2. */
    RETRY(2);

    private final int prvst;

    ResyncReason(int prvst) {
        this.prvst = prvst;
    }

    /** The {@code $PRVST} value. */
    public int prvst() {
        return prvst;
    }
}
