package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleEvaluationTest {

    /** MAC 000e08012345, SPA962, GPP_A ABCDEF, GPP_B Xy12, PRVST 2, REGTMR1 0, CCERT Installed, option 66 tftp.isp.example. */
    private final DeviceContext device = Devices.spa962();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            # spa-protocol.md §1, §7 and §9.7
            ($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg | [--post a] http://p.tel.com/lost-reg?  ==> http://p.tel.com:80/has-reg.cfg
            [--alias b] https://p.tel.com/account/spa$MA.xml                                       ==> [--alias b] https://p.tel.com:443/account/spa000e08012345.xml
            [--key $A] tftp.callme.com/profile/$B/spa962.cfg                                       ==> [--key ABCDEF] tftp://tftp.callme.com:69/profile/Xy12/spa962.cfg
            [--key $B] ps.global.com/profiles/active/$A/spa2000.cfg                                ==> [--key Xy12] tftp://ps.global.com:69/profiles/active/ABCDEF/spa2000.cfg
            [--key 6e4f2a8733ba7c90aa13250bde4f6927]ur.well.com/Gj2fLx3Nqbg/a.cfg                  ==> [--key 6e4f2a8733ba7c90aa13250bde4f6927] tftp://ur.well.com:69/Gj2fLx3Nqbg/a.cfg
            ("$CCERT" eq "Installed" and $PRVST eq 2)? https://prov.isp.example/bootstrap/$MA.xml | [--key $A] http://prov.isp.example/profile/$B/spa962.cfg ==> https://prov.isp.example:443/bootstrap/000e08012345.xml
            ("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU ==> https://p.tel.com:443/config?
            ("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs ==> (Line_Enable_1_ = "No";)! https://p.tel.com:443/init-prov
            ("$A" eq "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs ==> https://p.tel.com:443/configs
            /spa$PSN.cfg                                                                           ==> tftp://tftp.isp.example:69/spa962.cfg
            tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg                                  ==> tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg
            http://neptune.speak.net:8080/prov/$D/$E.cfg                                           ==> http://neptune.speak.net:8080/prov/prov/spa962.cfg
            [--uid U --pwd P]http://host/prov/$MA.xml                                              ==> [--uid U --pwd P] http://host:80/prov/000e08012345.xml
            # skip: no alternative applies, or the rule is empty
            ($PRVST eq 1)? /periodic.cfg                                                           ==> skip
            ($PRVST eq 1)? /a.cfg | ($PRVST eq 0)? /b.cfg                                          ==> skip
            ``                                                                                     ==> skip
            `#/spa$PSN.cfg`                                                                        ==> skip
            # legacy conditions
            (! 1.0.33)? /not-old.cfg | /old.cfg                                                    ==> tftp://tftp.isp.example:69/not-old.cfg
            (lt 2.0.6)? /old.cfg | /new.cfg                                                        ==> tftp://tftp.isp.example:69/new.cfg
            # keys: $SA..$SD expand only inside --key
            [--key $SA] http://h/$SA/a.cfg                                                         ==> [--key 0123456789abcdef0123456789abcdef] http://h:80/$SA/a.cfg
            [--key $SB] http://h/a.cfg                                                             ==> [--key "phrase with spaces"] http://h:80/a.cfg
            [--key "k-$(SA:0:4)-$MA"] http://h/a.cfg                                               ==> [--key k-0123-000e08012345] http://h:80/a.cfg
            # assignments run first; the URL sees their values
            ( User_ID_1_ = "uid$B" ; d = "$MA" ; )! http://h/$D/$UID1.cfg                          ==> (User_ID_1_ = "uidXy12"; GPP_D = "000e08012345";)! http://h:80/000e08012345/uidXy12.cfg
            (a = "new"; b = "$A-2")! [--key $A] http://h/$B.cfg                                    ==> (GPP_A = "new"; GPP_B = "new-2";)! [--key new] http://h:80/new-2.cfg
            (GPP_SA = "fresh")! [--key $SA] http://h/a.cfg                                         ==> (GPP_SA = "fresh";)! [--key fresh] http://h:80/a.cfg
            (c = "$C")! http://h/$C.cfg                                                            ==> (GPP_C = "$MA";)! http://h:80/$MA.cfg
            # alternatives without a URL
            (a = "done")!                                                                          ==> (GPP_A = "done";)!
            ($PRVST eq 2)? | /never.cfg                                                            ==> no fetch
            # server and port defaults
            http:///on-option-66.cfg                                                               ==> http://tftp.isp.example:80/on-option-66.cfg
            https://h:8443/x?                                                                      ==> https://h:8443/x?
            HTTP://h/x.cfg                                                                         ==> http://h:80/x.cfg
            $D.example/x.cfg                                                                       ==> tftp://prov.example:69/x.cfg
            """)
    void resolvesWhatTheDeviceFetches(String rule, String expected) {
        Optional<Resolution> resolution = Rule.parse(rule).evaluate(device);

        assertThat(resolution.map(Resolution::formatRevealingSecrets).orElse("skip")).isEqualTo(expected);
    }

    @Test
    void resolvesEveryPartOfTheFetch() {
        Resolution r = Rule.parse("($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg | [--post g] http://p.tel.com:8080/lost-reg?")
                .evaluate(device.toBuilder().set("REGTMR1", "3600").build()).orElseThrow();

        assertThat(r.alternative()).isEqualTo(1);
        FetchTarget target = r.target().orElseThrow();
        assertThat(target.scheme()).isEqualTo(UrlScheme.HTTP);
        assertThat(target.host()).isEqualTo("p.tel.com");
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.path()).isEqualTo("/lost-reg");
        assertThat(target.query()).contains("");
        assertThat(target.pathAndQuery()).isEqualTo("/lost-reg?");
        assertThat(target.serverFromDhcp()).isFalse();
        assertThat(r.options().postParameter()).contains("GPP_G");
        assertThat(r.options().postBody())
                .contains("Product = \"SPA962\"; MAC_Addr = \"000e08012345\"; Ser_Num = \"88012BA01234\"; SW_Ver = \"2.0.6(b)\";");
        assertThat(r.options().hasKey()).isFalse();
    }

    @Test
    void readsTheAliasMapFromTheNamedParameter() {
        Resolution r = Rule.parse("[--alias f] https://p.tel.com/account/spa$MA.xml").evaluate(device).orElseThrow();

        assertThat(r.options().aliasParameter()).contains("GPP_F");
        assertThat(r.options().aliasMap()).contains("/CPE/SIP-Credentials/number = /flat-profile/User_ID_1_ ;");
    }

    @Test
    void fillsInTheDhcpServerWhenTheUrlNamesNone() {
        FetchTarget t = Rule.parse("/spa$PSN.cfg").evaluate(device).orElseThrow().target().orElseThrow();

        assertThat(t.serverFromDhcp()).isTrue();
        assertThat(t.url()).isEqualTo("tftp://tftp.isp.example:69/spa962.cfg");
        assertThat(t.query()).isEmpty();
    }

    @Test
    void refusesToGuessAServerTheDeviceDoesNotKnow() {
        DeviceContext noOption66 = DeviceContext.builder().model("SPA962").build();

        assertThatThrownBy(() -> Rule.parse("/spa$PSN.cfg").evaluate(noOption66))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NO_SERVER);
                    assertThat(e.getMessage()).contains("'/spa962.cfg'", "DHCP option 66");
                });
    }

    @Test
    void refusesAUrlThatOnlyBreaksOnceExpanded() {
        Rule rule = Rule.parse("http://$D/x.cfg");
        DeviceContext badHost = device.toBuilder().parameter("GPP_D", "bad host").build();
        DeviceContext noPath = device.toBuilder().parameter("GPP_D", "").build();

        assertThatThrownBy(() -> rule.evaluate(badHost)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_URL));
        assertThat(rule.evaluate(noPath).orElseThrow().target().orElseThrow().url())
                .isEqualTo("http://tftp.isp.example:80/x.cfg");
        assertThatThrownBy(() -> Rule.parse("$D").evaluate(device)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MALFORMED_URL);
            assertThat(e.getMessage()).contains("no absolute file path");
        });
        assertThat(Rule.parse("$D").evaluate(device.toBuilder().parameter("GPP_D", "https://h/p.xml").build())
                .orElseThrow().target().orElseThrow().url()).isEqualTo("https://h:443/p.xml");
    }

    @Test
    void appliesTheAssignmentsToACopyOfTheDevice() {
        Resolution r = Rule.parse("(d = \"$MA\"; Station_Name = \"lobby\")! /a.cfg").evaluate(device).orElseThrow();

        assertThat(r.assignments()).containsExactly(Map.entry("GPP_D", "000e08012345"), Map.entry("Station_Name", "lobby"));
        DeviceContext after = r.applyTo(device);
        assertThat(after.parameter("GPP_D")).contains("000e08012345");
        assertThat(after.parameter("d")).contains("000e08012345");
        assertThat(after.parameter("Station_Name")).contains("lobby");
        assertThat(device.parameter("GPP_D")).contains("prov");
        assertThat(device.parameter("Station_Name")).isEmpty();
    }

    @Test
    void neverPrintsTheKeyOrPasswordFromToString() {
        Resolution r = Rule.parse("[--key $SA --uid bob --pwd \"$SB\"] http://h/a.cfg").evaluate(device).orElseThrow();

        assertThat(r.options().key()).contains(Devices.SECURE_KEY);
        assertThat(r.options().password()).contains("$SB");
        assertThat(r.toString()).doesNotContain(Devices.SECURE_KEY).contains("--key ***", "--pwd ***", "--uid bob");
        assertThat(r.options().toString()).doesNotContain(Devices.SECURE_KEY);
        assertThat(r.formatRevealingSecrets()).contains(Devices.SECURE_KEY);
        assertThat(device.toString()).doesNotContain(Devices.SECURE_KEY).doesNotContain("ABCDEF");
        Resolution assigned = Rule.parse("(GPP_SA = \"s3cr3t-value\")! /a.cfg").evaluate(device).orElseThrow();
        assertThat(assigned.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void evaluatesTheSameWayEveryTime() {
        Rule rule = Rule.parse("(\"$CCERT\" eq \"Installed\" and $PRVST eq 2)? https://h/bootstrap/$MA.xml"
                + " | [--key $A] http://h/profile/$B/spa962.cfg");
        DeviceContext periodic = device.toBuilder().provisioningState(1).build();

        assertThat(rule.evaluate(periodic)).isEqualTo(rule.evaluate(periodic));
        assertThat(rule.evaluate(periodic).orElseThrow().alternative()).isEqualTo(1);
        assertThat(rule.evaluate(device).orElseThrow().alternative()).isZero();
    }
}
