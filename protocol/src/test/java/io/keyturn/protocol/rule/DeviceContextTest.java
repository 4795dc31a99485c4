package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceContextTest {

    @ParameterizedTest(name = "{0} -> PN {1}, PSN {2}")
    @CsvSource(textBlock = """
            SPA962,   SPA962,   962
            SPA2102,  SPA2102,  2102
            spa3102,  SPA3102,  3102
            SPA-2000, SPA-2000, 2000
            SPA525G,  SPA525G,  525G
            SPA122,   SPA122,   122
            PAP2T,    PAP2T,    PAP2T
            SPA,      SPA,      SPA
            """)
    void derivesProductNameAndSeriesFromTheModel(String model, String pn, String psn) {
        DeviceContext d = DeviceContext.builder().model(model).build();

        assertThat(d.value(Macro.PN)).isEqualTo(pn);
        assertThat(d.value(Macro.PSN)).isEqualTo(psn);
    }

    @Test
    void letsAnExplicitSeriesWinOverTheModel() {
        DeviceContext d = DeviceContext.builder().set("PSN", "pap2t").model("PAP2T").build();

        assertThat(d.value(Macro.PSN)).isEqualTo("pap2t");
        assertThat(d.value(Macro.PN)).isEqualTo("PAP2T");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000E08AABBCC", "000e08aabbcc", "00:0e:08:aa:bb:cc", "00-0E-08-AA-BB-CC"})
    void acceptsTheUsualMacSpellings(String mac) {
        DeviceContext d = DeviceContext.builder().mac(mac).build();

        assertThat(d.mac()).isEqualTo("000e08aabbcc");
        assertThat(d.value(Macro.MAU)).isEqualTo("000E08AABBCC");
        assertThat(d.value(Macro.MAC)).isEqualTo("00:0e:08:aa:bb:cc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000e08aabbc", "000e08aabbccd", "000e08aabbcg", "00:0e:08:aa:bb-cc", "00:0e:08:aa:bbcc:",
            "000e08aabb\u0661\u0662"})
    void refusesWhatIsNotAMac(String mac) {
        assertThatThrownBy(() -> DeviceContext.builder().mac(mac))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MAC));
    }

    @Test
    void setsMacrosOrParametersByName() {
        DeviceContext d = DeviceContext.builder()
                .set("SWVER", "2.0.12(b)").set("CCERT", "Installed").set("PRVST", "2")
                .set("GPP_A", "key-a").set("B", "dir-b").set("a", "ignored-then-replaced").set("GPP_A", "key-a2")
                .set("Station_Name", "lobby").set("UID2", "5550002").set("MAC", "00:0e:08:aa:bb:cc").set("METH", "https")
                .build();

        assertThat(d.value(Macro.SWVER)).isEqualTo("2.0.12(b)");
        assertThat(d.value(Macro.CCERT)).isEqualTo("Installed");
        assertThat(d.value(Macro.PRVST)).isEqualTo("2");
        assertThat(d.value(Macro.A)).isEqualTo("key-a2");
        assertThat(d.parameter("GPP_B")).contains("dir-b");
        assertThat(d.parameter("Station_Name")).contains("lobby");
        assertThat(d.parameter("User_ID_2_")).contains("5550002");
        assertThat(d.mac()).isEqualTo("000e08aabbcc");
        assertThat(d.value(Macro.SCHEME)).isEqualTo("https");
        assertThat(d.value(Macro.METH)).isEqualTo("https");
        assertThat(d.value(Macro.UPGCOND)).isEqualTo("true");
        assertThat(d.value(Macro.EXTIP)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "Line_Enable[1]", "q", "has space", "GPP-A"})
    void refusesParameterNamesARuleCouldNotWrite(String name) {
        assertThatThrownBy(() -> DeviceContext.builder().parameter(name, "x")).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PARAMETER_NAME));
    }

    @Test
    void refusesAModelOrServerThatIsNotAName() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceContext.builder().model("SPA 962"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceContext.builder().dhcpServer("tftp://x"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceContext.builder().dhcpServer(""));
    }

    @Test
    void copiesRatherThanChanges() {
        DeviceContext before = Devices.spa962();
        DeviceContext after = before.withParameter("GPP_B", "next-dir");

        assertThat(before.value(Macro.B)).isEqualTo("Xy12");
        assertThat(after.value(Macro.B)).isEqualTo("next-dir");
        assertThat(after.value(Macro.PN)).isEqualTo("SPA962");
        assertThat(after.dhcpServer()).contains("tftp.isp.example");
    }

    @Test
    void showsOnlyTheIdentityInToString() {
        String s = Devices.spa962().toString();

        assertThat(s).contains("000e08012345", "SPA962", "88012BA01234", "2.0.6(b)")
                .doesNotContain(Devices.SECURE_KEY).doesNotContain("ABCDEF").doesNotContain("Xy12")
                .doesNotContain("phrase with spaces");
    }
}
