package io.keyturn.events.device;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.SealedSecret;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeviceEventsTest {

    private static final String MAC = "000e08aabbcc";
    private static final Instant AT = Instant.parse("2026-11-26T09:00:00Z");
    private static final SealedSecret SEALED = new SealedSecret("hpke-x25519-sha256-aes256gcm", "crypto-1", "AQIDBA==");

    private static DeviceRegistered registered(String mac, String model, Map<String, String> params,
            Map<String, SealedSecret> sealedParams) {
        return new DeviceRegistered(mac, 1, model, "962", null, null, null, BootstrapMode.STAGING_KEY, SEALED, params,
                sealedParams, List.of(), AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000E08AABBCC", "000e08aabbc", "000e08aabbccd", "00:0e:08:aa:bb:cc", "000e08aabbcg", "",
            // the neighbours of 0-9 and a-f, and a digit that is not ASCII
            "000e08aabbc/", "000e08aabbc:", "000e08aabbc`", "/00e08aabbcc", "000e08aabbc\u0663"})
    void refusesAMacThatIsNotTwelveLowercaseHexDigits(String mac) {
        assertInvalid(() -> registered(mac, "SPA962", Map.of(), Map.of()), "mac must be 12 lowercase hexadecimal digits");
    }

    @Test
    void refusesMissingRequiredFields() {
        assertInvalid(() -> registered(null, "SPA962", Map.of(), Map.of()), "mac is required");
        assertInvalid(() -> registered(MAC, null, Map.of(), Map.of()), "model is required");
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA962", "962", null, null, null, null, null, null, null,
                null, AT), "bootstrapMode is required");
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA962", "962", null, null, null, BootstrapMode.MTLS, null,
                null, null, null, null), "registeredAt is required");
        assertInvalid(() -> new DeviceRegistered(MAC, 0, "SPA962", "962", null, null, null, BootstrapMode.MTLS, null,
                null, null, null, AT), "version must be at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GPP_A", "GPP_B", "GPP_SA", "gpp_sb", "Gpp_Sc", "GPP_SD"})
    void refusesParametersThatHoldKeysOrTheDirectory(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String rule = " must not set " + upper + ": keyturn owns GPP_A, GPP_B and the key slots GPP_SA..GPP_SD";
        assertInvalid(() -> registered(MAC, "SPA962", Map.of(name, "x"), Map.of()), "params" + rule);
        assertInvalid(() -> registered(MAC, "SPA962", Map.of(), Map.of(name, SEALED)), "sealedParams" + rule);
    }

    @Test
    void leavesTheOtherGeneralPurposeParametersToOperators() {
        assertThat(registered(MAC, "SPA962", Map.of("GPP_C", "x", "GPP_P", ""), Map.of()).params())
                .containsOnlyKeys("GPP_C", "GPP_P");
    }

    @Test
    void refusesAParameterBothPlainAndSealed() {
        assertInvalid(() -> registered(MAC, "SPA962", Map.of("Password_1_", "x"), Map.of("Password_1_", SEALED)),
                "sealedParams must not name a parameter that params also sets");
    }

    @Test
    void refusesMalformedParameterNamesAndValues() {
        assertInvalid(() -> registered(MAC, "SPA962", Map.of("1_Line", "x"), Map.of()),
                "params names must be a letter then letters, digits or _ (at most 64 characters)");
        assertInvalid(() -> registered(MAC, "SPA962", Map.of("Dial_Plan_1_", "(x)\n"), Map.of()),
                "params value of Dial_Plan_1_ must not contain control or format characters");
        assertInvalid(() -> registered(MAC, "SPA962", Map.of("Dial_Plan_1_", "x".repeat(4097)), Map.of()),
                "params value of Dial_Plan_1_ must be at most 4096 characters");
        Map<String, String> withNull = new HashMap<>();
        withNull.put("Display_Name_1_", null);
        assertInvalid(() -> registered(MAC, "SPA962", withNull, Map.of()), "params must not hold null names or values");
    }

    @Test
    void copiesCollectionsSoLaterChangesToTheInputDoNotLeakIn() {
        Map<String, String> params = new HashMap<>(Map.of("Display_Name_1_", "Reception"));
        DeviceRegistered event = registered(MAC, "SPA962", params, Map.of());
        params.put("Proxy_1_", "sip.example");
        assertThat(event.params()).containsOnlyKeys("Display_Name_1_");
        assertThat(event.sealedParams()).isEmpty();
        assertThat(event.templates()).isEmpty();
    }

    @Test
    void toStringNamesParametersButHidesTheirValues() {
        DeviceRegistered event = registered(MAC, "SPA962", Map.of("User_ID_1_", "4420-secret-ish"),
                Map.of("Password_1_", SEALED));
        assertThat(event.toString())
                .contains("params=[User_ID_1_]", "sealedParams=[Password_1_]", "bootstrapMode=staging-key",
                        "ciphertext=4 bytes sha256:")
                .doesNotContain("4420-secret-ish")
                .doesNotContain("AQIDBA==");
    }

    @Test
    void checksGroupTenantSerialAndModelShapes() {
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA962", "962", "4MM00F903042", "region//north", null,
                BootstrapMode.MTLS, null, null, null, null, AT),
                "group must be /-separated segments of letters, digits, . _ - (at most 255 characters)");
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA962", "962", "4MM 00F903042", null, null,
                BootstrapMode.MTLS, null, null, null, null, AT), "serial must be 1 to 32 letters or digits");
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA 962", "962", null, null, null,
                BootstrapMode.MTLS, null, null, null, null, AT), "model must be letters, digits and - (at most 32 characters)");
        assertInvalid(() -> new DeviceRegistered(MAC, 1, "SPA962", "962", null, null, "acme telecom",
                BootstrapMode.MTLS, null, null, null, null, AT), "tenant must be letters, digits, . _ - (at most 64 characters)");
        assertInvalid(() -> new TemplateRef("spa9xx-base", 0), "template version must be at least 1");
    }

    @Test
    void sortsAndDeduplicatesChangedFields() {
        DeviceUpdated updated = new DeviceUpdated(MAC, 2, "SPA962", "962", null, null, null, BootstrapMode.MTLS, null,
                null, null, null, List.of("params", "group", "params"), AT);
        assertThat(updated.changedFields()).containsExactly("group", "params");
        assertInvalid(() -> new DeviceUpdated(MAC, 2, "SPA962", "962", null, null, null, BootstrapMode.MTLS, null,
                null, null, null, List.of("Group Name"), AT), "changedFields must hold JSON field names");
    }

    @Test
    void decommissioningKeepsTheReasonShortAndPrintable() {
        assertInvalid(() -> new DeviceDecommissioned(MAC, 3, null, "x".repeat(501), AT), "reason must be at most 500 characters");
        assertInvalid(() -> new DeviceDecommissioned(MAC, 3, "   ", null, AT), "requestedBy must not be blank");
        assertThat(new DeviceDecommissioned(MAC, 3, null, null, AT).subject()).isEqualTo(MAC);
    }
}
