package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Password_1_", "Admin_Passwd", "SIP_PWD", "Line1_Secret", "password", "admin_passwd",
            "User_Password_2_", "GPP_SA", "gpp_sd"})
    void classifiesSecretParametersByName(String name) {
        assertThat(FieldRules.isSecret(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Display_Name_1_", "Proxy_1_", "User_ID_1_", "GPP_C", "Pwd", "GPP_SE", "GPP_S",
            "GPP_SAA", "XGPP_SA", "GPP_S@"})
    void leavesOtherParametersPlain(String name) {
        assertThat(FieldRules.isSecret(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GPP_A", "gpp_b", "GPP_SA", "GPP_SD"})
    void refusesParametersKeyturnOwns(String name) {
        assertThatThrownBy(() -> FieldRules.paramName(name)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.RESERVED_PARAMETER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "Display Name", "Name;DROP", "Näme", ""})
    void refusesNamesADeviceCannotHold(String name) {
        assertThatThrownBy(() -> FieldRules.paramName(name)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_FIELD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t-über", "tab\there", "line\nbreak"})
    void refusesParameterValuesOutsidePrintableAsciiWithoutQuotingThem(String value) {
        assertThatThrownBy(() -> FieldRules.paramValue("Password_1_", value))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("Password_1_")
                .hasMessageNotContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "has space in it", "quote\"inside", "dollar$sign1", "clé-staging-01"})
    void refusesStagingKeysADeviceCannotTakeWithoutQuotingThem(String key) {
        assertThatThrownBy(() -> FieldRules.stagingKey(key))
                .isInstanceOf(RegistryException.class)
                .hasMessageNotContaining(key);
    }
}
