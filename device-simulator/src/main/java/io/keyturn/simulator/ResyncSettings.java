package io.keyturn.simulator;

import static io.keyturn.simulator.FactoryDefaults.LOG_RESYNC_FAILURE_MSG;
import static io.keyturn.simulator.FactoryDefaults.LOG_RESYNC_REQUEST_MSG;
import static io.keyturn.simulator.FactoryDefaults.LOG_RESYNC_SUCCESS_MSG;
import static io.keyturn.simulator.FactoryDefaults.PROVISION_ENABLE;
import static io.keyturn.simulator.FactoryDefaults.RESYNC_ERROR_RETRY_DELAY;
import static io.keyturn.simulator.FactoryDefaults.RESYNC_FAILS_ON_FNF;
import static io.keyturn.simulator.FactoryDefaults.RESYNC_ON_RESET;
import static io.keyturn.simulator.FactoryDefaults.RESYNC_PERIODIC;
import static io.keyturn.simulator.FactoryDefaults.RESYNC_RANDOM_DELAY;

import io.keyturn.protocol.profile.FlatProfile;
import java.time.Duration;

/**
 * The resync parameters of a unit, read from its current values the way the firmware reads them.
 * A value the firmware could not read (a typo in a schedule, {@code Maybe} for a Yes/No) falls back to
 * the factory default: the guides do not say what a device does with one, and the default is the
 * only reading that keeps the unit provisionable. The rule fields are read raw; see {@link SpaDevice}.
 */
record ResyncSettings(boolean provisionEnable, boolean resyncOnReset, Duration maxRandomDelay,
        ResyncSchedule periodic, ResyncSchedule retry, boolean failsOnFileNotFound,
        String requestMessage, String successMessage, String failureMessage) {

    /** Resync_Random_Delay counts 20-second units on Linksys 3.01, SPA100 and MPP firmware (§5.1). */
    static final int RANDOM_DELAY_UNIT_SECONDS = 20;

    private static final ResyncSchedule DEFAULT_SCHEDULE = ResyncSchedule.parse("3600").orElseThrow();

    static ResyncSettings of(FlatProfile p) {
        return new ResyncSettings(
                yes(p, PROVISION_ENABLE, true),
                yes(p, RESYNC_ON_RESET, true),
                Duration.ofSeconds((long) units(p.value(RESYNC_RANDOM_DELAY).orElse("2")) * RANDOM_DELAY_UNIT_SECONDS),
                schedule(p, RESYNC_PERIODIC),
                schedule(p, RESYNC_ERROR_RETRY_DELAY),
                yes(p, RESYNC_FAILS_ON_FNF, true),
                p.value(LOG_RESYNC_REQUEST_MSG).orElse(""),
                p.value(LOG_RESYNC_SUCCESS_MSG).orElse(""),
                p.value(LOG_RESYNC_FAILURE_MSG).orElse(""));
    }

    /** Whether periodic resync is off: Resync_Periodic is 0. */
    boolean periodicDisabled() {
        return periodic.steps().size() == 1 && periodic.steps().get(0).seconds() == 0
                && periodic.steps().get(0).jitterSeconds() == 0;
    }

    private static boolean yes(FlatProfile p, String name, boolean fallback) {
        String v = p.value(name).orElse("").strip();
        if (v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("no")) {
            return false;
        }
        return fallback;
    }

    private static int units(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 6 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 2;
        }
        return Integer.parseInt(t);
    }

    private static ResyncSchedule schedule(FlatProfile p, String name) {
        return ResyncSchedule.parse(p.value(name).orElse("")).orElse(DEFAULT_SCHEDULE);
    }
}
