package io.keyturn.events.device;

import io.keyturn.events.SealedSecret;
import io.keyturn.events.CharRule;
import io.keyturn.events.internal.Checks;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The field rules {@link DeviceRegistered} and {@link DeviceUpdated} share. */
final class DeviceFieldRules {

    // The regexes these rules stand for, which DeviceFieldRulesTest checks them against.
    static final CharRule MODEL = CharRule.of("A-Za-z0-9", "A-Za-z0-9-", 1, 32);          // [A-Za-z0-9][A-Za-z0-9-]{0,31}
    static final CharRule PSN = CharRule.of("A-Za-z0-9", 1, 16);                          // [A-Za-z0-9]{1,16}
    static final CharRule SERIAL = CharRule.of("A-Za-z0-9", 1, 32);                       // [A-Za-z0-9]{1,32}
    static final CharRule GROUP_SEGMENT = CharRule.of("A-Za-z0-9._-", 1, 255);            // (?=.{1,255}$)[..]+(/[..]+)*
    static final int MAX_GROUP = 255;
    static final CharRule TENANT = CharRule.of("A-Za-z0-9._-", 1, 64);                    // [A-Za-z0-9._-]{1,64}
    static final CharRule PARAM_NAME = CharRule.of("A-Za-z", "A-Za-z0-9_", 1, 64);        // [A-Za-z][A-Za-z0-9_]{0,63}
    private static final int MAX_PARAM_VALUE = 4096;

    /**
     * Parameters keyturn itself owns: GPP_A and GPP_B carry the current key and directory, and
     * GPP_SA..SD are the hidden key slots (spa-protocol.md). A key must never reach Kafka as a
     * plain parameter; a staging key travels as {@code sealedStagingKey}.
     */
    private static final Set<String> RESERVED_PARAMS = Set.of("GPP_A", "GPP_B", "GPP_SA", "GPP_SB", "GPP_SC", "GPP_SD");

    private DeviceFieldRules() {
    }

    static void model(String model) {
        Checks.matching("model", model, MODEL, "must be letters, digits and - (at most 32 characters)");
    }

    static void psn(String psn) {
        Checks.matching("psn", psn, PSN, "must be 1 to 16 letters or digits");
    }

    static void serial(String serial) {
        Checks.optionalMatching("serial", serial, SERIAL, "must be 1 to 32 letters or digits");
    }

    static void group(String group) {
        if (group != null && !GROUP_SEGMENT.matchesPath(group, MAX_GROUP)) {
            throw Checks.invalid("group",
                    "must be /-separated segments of letters, digits, . _ - (at most 255 characters)");
        }
    }

    static void tenant(String tenant) {
        Checks.optionalMatching("tenant", tenant, TENANT, "must be letters, digits, . _ - (at most 64 characters)");
    }

    static Map<String, String> params(Map<String, String> params) {
        Map<String, String> copy = Checks.sortedMap("params", params);
        for (Map.Entry<String, String> e : copy.entrySet()) {
            paramName("params", e.getKey());
            Checks.printable("params value of " + e.getKey(), e.getValue(), MAX_PARAM_VALUE);
        }
        return copy;
    }

    static Map<String, SealedSecret> sealedParams(Map<String, SealedSecret> sealedParams, Map<String, String> params) {
        Map<String, SealedSecret> copy = Checks.sortedMap("sealedParams", sealedParams);
        for (String name : copy.keySet()) {
            paramName("sealedParams", name);
            if (params.containsKey(name)) {
                throw Checks.invalid("sealedParams", "must not name a parameter that params also sets");
            }
        }
        return copy;
    }

    private static void paramName(String field, String name) {
        Checks.matching(field, name, PARAM_NAME,
                "names must be a letter then letters, digits or _ (at most 64 characters)");
        String upper = name.toUpperCase(Locale.ROOT);
        if (RESERVED_PARAMS.contains(upper)) {
            throw Checks.invalid(field, "must not set " + upper
                    + ": keyturn owns GPP_A, GPP_B and the key slots GPP_SA..GPP_SD");
        }
    }

    /** Parameter names only: values may be SIP credentials and stay out of logs. */
    static String describe(Map<String, String> params, Map<String, SealedSecret> sealedParams) {
        return "params=" + params.keySet() + ", sealedParams=" + sealedParams.keySet();
    }
}
