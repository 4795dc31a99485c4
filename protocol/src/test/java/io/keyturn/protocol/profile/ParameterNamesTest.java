package io.keyturn.protocol.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // §4.1 and §4.3: spaces and [ ] ( ) / become '_'
        "Proxy[1]            | Proxy_1_",
        "Line_Enable[1]      | Line_Enable_1_",
        "Dial_Plan[1]        | Dial_Plan_1_",
        "Dial Plan[1]        | Dial_Plan_1_",
        "Multi Word Parameter| Multi_Word_Parameter",
        "SIP T1              | SIP_T1",
        "Cfwd Setting(2)     | Cfwd_Setting_2_",
        "DNS Server/Order    | DNS_Server_Order",
        "Auth Resync-Reboot[1] | Auth_Resync-Reboot_1_",
        "GPP_A               | GPP_A",
        "Dial_Plan_1_        | Dial_Plan_1_",
        "Unit_1_Key[12]      | Unit_1_Key_12_",
    })
    void mapsLabelsAndSpcNamesToXmlNames(String label, String xml) {
        assertThat(ParameterNames.fromLabel(label)).isEqualTo(xml);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Proxy_1_        | Proxy[1]",
        "Dial_Plan_12_   | Dial_Plan[12]",
        "Unit_1_Key_3_   | Unit_1_Key[3]",
        "GPP_A           | GPP_A",
        "Station_Name    | Station_Name",
        "SIP_T1          | SIP_T1",
        "Ring1_          | Ring1_",
        "_1_             | _1_",
        "A__1_           | A_[1]",
        "Proxy_1         | Proxy_1",
    })
    void writesPerLineIndexesInBracketsForSpc(String xml, String spc) {
        assertThat(ParameterNames.toSpc(xml)).isEqualTo(spc);
        assertThat(ParameterNames.fromLabel(spc)).as("fromLabel reverses toSpc").isEqualTo(xml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1_Line", "-Proxy", ".x", "Proxy:1", "a=b", "Proxy{1}", "Proxy\t1", "x,y", "é"})
    void refusesNamesADeviceCannotHold(String name) {
        assertThatThrownBy(() -> ParameterNames.fromLabel(name))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason())
                        .isEqualTo(name.equals("é") ? Reason.NON_ASCII : Reason.INVALID_PARAMETER_NAME));
        assertThat(ParameterNames.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GPP_A", "_x", "Auth_Resync-Reboot_1_", "a.b", "Z9", "flat-profile"})
    void acceptsXmlNamesAsTheyAre(String name) {
        assertThat(ParameterNames.isValid(name)).isTrue();
        assertThat(ParameterNames.fromLabel(name)).isSameAs(name);
    }
}
