package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MacroTemplateTest {

    private final DeviceContext device = Devices.spa962();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            # spa-protocol.md §3 examples
            spa$STRANGE$MAU.cfg                           ==> spa$STRANGE000E08012345.cfg
            $(A:2:3)                                      ==> CDE
            $(A:2)                                        ==> CDEF
            $$MAU                                         ==> $MAU
            $STRANGE                                      ==> $STRANGE
            spa$MA.cfg                                    ==> spa000e08012345.cfg
            uid$B                                         ==> uidXy12
            http://neptune.speak.net:8080/prov/$D/$E.cfg  ==> http://neptune.speak.net:8080/prov/prov/spa962.cfg
            /spa$PSN.cfg                                  ==> /spa962.cfg
            /profiles/$MA/spa2000.cfg                     ==> /profiles/000e08012345/spa2000.cfg
            https://p.tel.com/config?Linksys$MAU          ==> https://p.tel.com/config?Linksys000E08012345
            # the whole table
            $MA|$MAU|$MAC                                 ==> 000e08012345|000E08012345|00:0e:08:01:23:45
            $PN|$PSN|$SN                                  ==> SPA962|962|88012BA01234
            $SWVER|$HWVER|$CCERT                          ==> 2.0.6(b)|1.88.1|Installed
            $PRVST|$REGTMR1|$REGTMR2|$PRVTMR              ==> 2|0|310|1300
            $IP|$UID1|$UPGCOND                            ==> 192.168.1.102|5551234|true
            $A$B$D$E                                      ==> ABCDEFXy12provspa962
            # delimiting: the longest macro name wins, names are uppercase
            $MAUX                                         ==> 000E08012345X
            $MACaddr                                      ==> 00:0e:08:01:23:45addr
            $(MA)U                                        ==> 000e08012345U
            $Aprofile                                     ==> ABCDEFprofile
            $PSNx                                         ==> 962x
            $REGTMR12                                     ==> 02
            $ma                                           ==> $ma
            $SNAKE                                        ==> 88012BA01234AKE
            # substrings clamp to the value
            $(A)                                          ==> ABCDEF
            $(A:0:0)                                      ==> ``
            $(A:4:10)                                     ==> EF
            $(A:10)                                       ==> ``
            $(A:000000002:2)                              ==> CD
            $(MAU:6)                                      ==> 012345
            # what is not a macro stays as written
            $                                             ==> $
            cost$                                         ==> cost$
            $1                                            ==> $1
            $.cfg                                         ==> $.cfg
            $(FOO)                                        ==> $(FOO)
            $(A:x)                                        ==> $(A:x)
            $(A                                           ==> $(A
            $(A:1:2:3)                                    ==> $(A:1:2:3)
            $(A:1234567890)                               ==> $(A:1234567890)
            $(a)                                          ==> $(a)
            # $$ is a dollar, never the start of a macro
            $$                                            ==> $
            $$$MA                                         ==> $000e08012345
            $$$$                                          ==> $$
            # expansion is not recursive: GPP_C holds the text $MA
            $C                                            ==> $MA
            # GPP_SA..SD only expand inside --key
            $SA                                           ==> $SA
            $(SA)                                         ==> $(SA)
            x$SBy                                         ==> x$SBy
            # known macros the device has no value for expand to nothing
            [$EXTIP][$UPGERR][$ISCUST]                    ==> [][][]
            """)
    void expandsAsTheDeviceDoes(String template, String expected) {
        assertThat(MacroTemplate.parse(template).expand(device)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            $SA                 ==> 0123456789abcdef0123456789abcdef
            $(SA:0:8)           ==> 01234567
            $SB                 ==> phrase with spaces
            $SC                 ==> ``
            $A                  ==> ABCDEF
            k-$SA-$MA           ==> k-0123456789abcdef0123456789abcdef-000e08012345
            """)
    void expandsSecureParametersInKeyScope(String template, String expected) {
        assertThat(MacroTemplate.parse(template).expand(device, MacroScope.KEY)).isEqualTo(expected);
    }

    @Test
    void expandsTheDefaultLogMessageWithTheFetchBeingMade() {
        DeviceContext fetching = device.toBuilder().set("SCHEME", "tftp").set("SERVIP", "10.0.0.66").set("PORT", "69")
                .set("PATH", "/spa962.cfg").set("ERR", "").build();

        String line = MacroTemplate.expand("$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH", fetching);

        assertThat(line).isEqualTo("SPA962 00:0e:08:01:23:45 -- Requesting resync tftp://10.0.0.66:69/spa962.cfg");
        assertThat(MacroTemplate.expand("$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH -- $ERR", fetching))
                .isEqualTo("SPA962 00:0e:08:01:23:45 -- Successful resync tftp://10.0.0.66:69/spa962.cfg -- ");
        assertThat(MacroTemplate.expand("$PN $MAC -- Resync failed: $ERR",
                fetching.toBuilder().set("ERR", "http_get failed").build()))
                .isEqualTo("SPA962 00:0e:08:01:23:45 -- Resync failed: http_get failed");
        assertThat(MacroTemplate.expand("$METH", fetching)).isEqualTo("tftp");
    }

    @Test
    void readsValuesFromAnySource() {
        MacroValues source = m -> m == Macro.SWVER ? "2.0.12(b)" : null;

        assertThat(MacroTemplate.expand("v=$SWVER [$MA]", source)).isEqualTo("v=2.0.12(b) []");
    }

    @Test
    void reportsItsReferencesAndWhetherItIsLiteral() {
        MacroTemplate t = MacroTemplate.parse("/profile/$B/spa$PSN.cfg?$STRANGE");

        assertThat(t.references()).containsExactly(Macro.B, Macro.PSN);
        assertThat(t.isLiteral()).isFalse();
        assertThat(MacroTemplate.parse("$$MA/$STRANGE").isLiteral()).isTrue();
        assertThat(MacroTemplate.parse("$SA$(SB:1)").isOnlyReferences()).isTrue();
        assertThat(MacroTemplate.parse("k$SA").isOnlyReferences()).isFalse();
        assertThat(t.source()).isEqualTo("/profile/$B/spa$PSN.cfg?$STRANGE");
    }

    @Test
    void returnsTheValueItselfForASinglePlainReference() {
        String value = device.value(Macro.SA);

        assertThat(MacroTemplate.parse("$SA").expand(device, MacroScope.KEY)).isSameAs(value);
    }

    @Test
    void equalsByItsSourceText() {
        assertThat(MacroTemplate.parse("$(A:1)")).isEqualTo(MacroTemplate.parse("$(A:1)"))
                .hasSameHashCodeAs(MacroTemplate.parse("$(A:1)")).isNotEqualTo(MacroTemplate.parse("$(A:1:9)"));
    }
}
