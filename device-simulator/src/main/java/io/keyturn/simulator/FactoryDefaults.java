package io.keyturn.simulator;

import io.keyturn.protocol.profile.FlatProfile;

/**
 * The parameters a unit leaves the factory with, and returns to on a factory reset: the provisioning
 * defaults of spa-protocol.md §5.1 (Sipura 2.0 / SPA9xx values). Only the parameters the resync
 * engine reads are listed; a profile may set any other name and the simulator keeps it.
 */
public final class FactoryDefaults {

    /** Master switch for resync; also gates an explicit resync. */
    public static final String PROVISION_ENABLE = "Provision_Enable";
    /** Resync after power-up and reboot. */
    public static final String RESYNC_ON_RESET = "Resync_On_Reset";
    /** Random delay before the boot resync, in units of 20 seconds. */
    public static final String RESYNC_RANDOM_DELAY = "Resync_Random_Delay";
    /** Back-off list between successful resyncs; 0 disables periodic resync. */
    public static final String RESYNC_PERIODIC = "Resync_Periodic";
    /** Back-off list between retries after a failure. */
    public static final String RESYNC_ERROR_RETRY_DELAY = "Resync_Error_Retry_Delay";
    /** Yes: a file-not-found answer fails the resync. */
    public static final String RESYNC_FAILS_ON_FNF = "Resync_Fails_On_FNF";
    /** Conditions that start a resync when they become true. */
    public static final String RESYNC_TRIGGER_1 = "Resync_Trigger_1";
    /** Conditions that start a resync when they become true. */
    public static final String RESYNC_TRIGGER_2 = "Resync_Trigger_2";
    /** The four rules, evaluated in this order on every resync. */
    public static final String[] PROFILE_RULES = {"Profile_Rule", "Profile_Rule_B", "Profile_Rule_C", "Profile_Rule_D"};
    /** Syslog text before each fetch. */
    public static final String LOG_RESYNC_REQUEST_MSG = "Log_Resync_Request_Msg";
    /** Syslog text after each successful fetch. */
    public static final String LOG_RESYNC_SUCCESS_MSG = "Log_Resync_Success_Msg";
    /** Syslog text when a resync fails. */
    public static final String LOG_RESYNC_FAILURE_MSG = "Log_Resync_Failure_Msg";

    private static final FlatProfile VENDOR = vendorDefaults();

    private FactoryDefaults() {
    }

    /** The vendor defaults: {@code Profile_Rule} {@code /spa$PSN.cfg}, the rest of §5.1. */
    public static FlatProfile vendor() {
        return VENDOR;
    }

    private static FlatProfile vendorDefaults() {
        FlatProfile.Builder b = FlatProfile.builder()
                .set(PROVISION_ENABLE, "Yes")
                .set(RESYNC_ON_RESET, "Yes")
                .set(RESYNC_RANDOM_DELAY, "2")
                .set(RESYNC_PERIODIC, "3600")
                .set(RESYNC_ERROR_RETRY_DELAY, "3600")
                .set(RESYNC_FAILS_ON_FNF, "Yes")
                .set(RESYNC_TRIGGER_1, "")
                .set(RESYNC_TRIGGER_2, "")
                .set(PROFILE_RULES[0], "/spa$PSN.cfg")
                .set(PROFILE_RULES[1], "")
                .set(PROFILE_RULES[2], "")
                .set(PROFILE_RULES[3], "")
                .set(LOG_RESYNC_REQUEST_MSG, "$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH")
                .set(LOG_RESYNC_SUCCESS_MSG, "$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH -- $ERR")
                .set(LOG_RESYNC_FAILURE_MSG, "$PN $MAC -- Resync failed: $ERR");
        for (char c = 'A'; c <= 'P'; c++) {
            b.set("GPP_" + c, "");
        }
        for (char c = 'A'; c <= 'D'; c++) {
            b.set("GPP_S" + c, "");
        }
        return b.build();
    }
}
