package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            # spa-protocol.md §1 and §9.7
            ($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg | [--post a] http://p.tel.com/lost-reg?   ==> ($REGTMR1 eq 0)? http://p.tel.com/has-reg.cfg | [--post a] http://p.tel.com/lost-reg?
            [--alias b] https://p.tel.com/account/spa$MA.xml                                        ==> [--alias b] https://p.tel.com/account/spa$MA.xml
            ("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs ==> ("$A" ne "Provisioned")? (Line_Enable_1_ = "No";)! https://p.tel.com/init-prov | https://p.tel.com/configs
            ( User_ID_1_ = "uid$B" ; d = "$MA" ; )!                                                 ==> (User_ID_1_ = "uid$B"; d = "$MA";)!
            [--key "$SB" --post g] https://p.tel.com/x.cfg                                          ==> [--key "$SB" --post g] https://p.tel.com/x.cfg
            [--alias a --key abracadabra321 --post c] https://p.tel.com/x.xml                       ==> [--alias a --key abracadabra321 --post c] https://p.tel.com/x.xml
            [--key VerySecretValue] /a.cfg                                                          ==> [--key VerySecretValue] /a.cfg
            [--key "my secret phrase"] /a.cfg                                                       ==> [--key "my secret phrase"] /a.cfg
            [--key a37d2fb9055c1d04883a0745eb0917a4] /a.cfg                                         ==> [--key a37d2fb9055c1d04883a0745eb0917a4] /a.cfg
            [--uid U --pwd P]http://host/prov/$MA.xml                                               ==> [--uid U --pwd P] http://host/prov/$MA.xml
            ("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU ==> ("$CCERT" eq "Installed")? https://p.tel.com/config? | https://p.tel.com/config?Linksys$MAU
            /spa$PSN.cfg                                                                            ==> /spa$PSN.cfg
            /spa.cfg                                                                                ==> /spa.cfg
            /init.cfg                                                                               ==> /init.cfg
            /$PSN.xml                                                                               ==> /$PSN.xml
            [--key $A] tftp.callme.com/profile/$B/spa2000.cfg                                       ==> [--key $A] tftp.callme.com/profile/$B/spa2000.cfg
            tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg                                   ==> tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg
            https://secure.me.com/profile?Linksys                                                   ==> https://secure.me.com/profile?Linksys
            http://neptune.speak.net:8080/prov/$D/$E.cfg                                            ==> http://neptune.speak.net:8080/prov/$D/$E.cfg
            /profiles/$MA/spa2000.cfg                                                               ==> /profiles/$MA/spa2000.cfg
            [--key $B] ps.global.com/profiles/active/$A/spa2000.cfg                                 ==> [--key $B] ps.global.com/profiles/active/$A/spa2000.cfg
            [--key 6e4f2a8733ba7c90aa13250bde4f6927]ur.well.com/Gj2fLx3Nqbg/a.cfg                   ==> [--key 6e4f2a8733ba7c90aa13250bde4f6927] ur.well.com/Gj2fLx3Nqbg/a.cfg
            https://prov.supervoip.com/cisco-init/1234abcd                                          ==> https://prov.supervoip.com/cisco-init/1234abcd
            # SEC-PRV-1 and the DESIGN.md §1 recovery rule
            [--key $A] tftp.callme.com/profile/$B/spa962.cfg                                        ==> [--key $A] tftp.callme.com/profile/$B/spa962.cfg
            ("$CCERT" eq "Installed" and $PRVST eq 2)? https://prov.isp.example/bootstrap/$MA.xml | [--key $A] http://prov.isp.example/profile/$B/spa962.cfg ==> ("$CCERT" eq "Installed" and $PRVST eq 2)? https://prov.isp.example/bootstrap/$MA.xml | [--key $A] http://prov.isp.example/profile/$B/spa962.cfg
            # canonical spacing and spellings
            ($PRVST=2)?/a.cfg                                                                       ==> ($PRVST = 2)? /a.cfg
            ($A eq 1 AND $B eq 2)?    /a.cfg                                                        ==> ($A eq 1 and $B eq 2)? /a.cfg
            (!1.0.33)? /old.cfg | /new.cfg                                                          ==> (! 1.0.33)? /old.cfg | /new.cfg
            (ge 2.0.6)? /new.cfg                                                                    ==> (ge 2.0.6)? /new.cfg
            ($SWVER ge 2.0.6(b))? /new.cfg                                                          ==> ($SWVER ge 2.0.6(b))? /new.cfg
            ("$(A:0:2)" eq "AB")? /x.cfg                                                            ==> ("$(A:0:2)" eq "AB")? /x.cfg
            (a="x")!                                                                                ==> (a = "x";)!
            ($A eq 1)?                                                                              ==> ($A eq 1)?
            ($A eq 1)? | /fallback.cfg                                                              ==> ($A eq 1)? | /fallback.cfg
            `\t[--key $A]\n/a.cfg\r\n`                                                              ==> [--key $A] /a.cfg
            # quotes, brackets, parentheses and bars inside strings and URLs are plain text
            ("a|b)" eq "$A")? /x.cfg | /y.cfg                                                       ==> ("a|b)" eq "$A")? /x.cfg | /y.cfg
            (a = "x)(|]["; b = "")! /x.cfg                                                          ==> (a = "x)(|]["; b = "";)! /x.cfg
            [--key "a]b|c(" --post a] http://h/x.cfg                                                ==> [--key "a]b|c(" --post a] http://h/x.cfg
            http://h/a(b)[c]{d}.cfg?x=$(A:1:2)&y=)                                                  ==> http://h/a(b)[c]{d}.cfg?x=$(A:1:2)&y=)
            http://h/p?q=http://other/z                                                             ==> http://h/p?q=http://other/z
            HTTPS://h/x.cfg                                                                         ==> HTTPS://h/x.cfg
            http:///on-option-66.cfg                                                                ==> http:///on-option-66.cfg
            http://$D.example:$PORT/x.cfg                                                           ==> http://$D.example:$PORT/x.cfg
            $D                                                                                      ==> $D
            # empty and commented-out rules
            ``                                                                                      ==> ``
            `   `                                                                                   ==> ``
            `#[--key $A] tftp.callme.com/profile/$B/spa962.cfg`                                     ==> `#[--key $A] tftp.callme.com/profile/$B/spa962.cfg`
            `  # anything (at all`                                                                  ==> `# anything (at all`
            """)
    void parsesAndFormatsBackToAnEqualRule(String text, String canonical) {
        Rule rule = Rule.parse(text);

        assertThat(rule.format()).isEqualTo(canonical);
        assertThat(Rule.parse(rule.format())).isEqualTo(rule);
    }

    @Test
    void buildsTheTreeOfARule() {
        Rule rule = Rule.parse("(\"$A\" ne \"Provisioned\")? ( User_ID_1_ = \"uid$B\" ; d = \"$MA\" )! "
                + "[--key $SA --post g] https://p.tel.com/init-prov | https://p.tel.com/configs");

        assertThat(rule.kind()).isEqualTo(RuleKind.PROFILE_RULE);
        assertThat(rule.alternatives()).hasSize(2);
        Alternative first = rule.alternatives().get(0);
        assertThat(first.condition()).contains(Condition.of(new Comparison(Operand.Quoted.of("$A"),
                ComparisonOperator.NOT_EQUAL, "ne", Operand.Quoted.of("Provisioned"))));
        assertThat(first.assignments()).containsExactly(Assignment.of("User_ID_1_", "uid$B"), Assignment.of("d", "$MA"));
        assertThat(first.assignments().get(1).parameter()).isEqualTo("GPP_D");
        assertThat(first.options()).containsExactly(UrlOption.of(UrlOption.Kind.KEY, "$SA"), UrlOption.of(UrlOption.Kind.POST, "g"));
        assertThat(first.url()).contains(RuleUrl.of("https://p.tel.com/init-prov"));
        assertThat(rule.alternatives().get(1)).isEqualTo(Alternative.fetch("https://p.tel.com/configs"));
        assertThat(rule.isEmpty()).isFalse();
    }

    @Test
    void treatsBlankAndCommentedOutRulesAsEmpty() {
        assertThat(Rule.parse("").isEmpty()).isTrue();
        assertThat(Rule.parse(" \t").comment()).isEmpty();
        Rule commented = Rule.parse("#/spa$PSN.cfg");
        assertThat(commented.isEmpty()).isTrue();
        assertThat(commented.comment()).contains("/spa$PSN.cfg");
        assertThat(commented.evaluate(Devices.spa962())).isEmpty();
    }

    @Test
    void acceptsTheOptionsOfEachKindOfRule() {
        assertThat(Rule.parse("[--key secretphrase] http://prov.serv.net/spa/$MA/rep.xml.enc", RuleKind.REPORT_RULE)
                .alternatives().get(0).options()).extracting(UrlOption::kind).containsExactly(UrlOption.Kind.KEY);
        assertThat(Rule.parse("[--delta] http://prov.serv.net/rep.xml", RuleKind.REPORT_RULE).format())
                .isEqualTo("[--delta] http://prov.serv.net/rep.xml");
        assertThat(Rule.parse("($SWVER lt 2.0.12)? (a = \"upgrading\")! http://fw.example/spa962-2-0-12.bin",
                RuleKind.UPGRADE_RULE).kind()).isEqualTo(RuleKind.UPGRADE_RULE);
    }

    @ParameterizedTest(name = "{0}: {1} at {2}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            # unbalanced brackets, parentheses and quotes
            ($A eq 1 /a.cfg                            ==> UNBALANCED_RULE     ==> 1  ==> '(' is never closed
            ($SWVER ge 2.0.6(b)? /a.cfg                ==> UNBALANCED_RULE     ==> 1  ==> '(' is never closed
            [--key $A /a.cfg                           ==> UNBALANCED_RULE     ==> 1  ==> '[' is never closed
            [--key "abc] /a.cfg                        ==> UNBALANCED_RULE     ==> 8  ==> quote opened here is never closed
            ("$A eq 1)? /a.cfg                         ==> UNBALANCED_RULE     ==> 2  ==> quote opened here is never closed
            ($A eq 1))? /a.cfg                         ==> UNBALANCED_RULE     ==> 10 ==> ')' closes nothing
            ] /a.cfg                                   ==> UNBALANCED_RULE     ==> 1  ==> ']' closes nothing
            [--key $A]] /a.cfg                         ==> UNBALANCED_RULE     ==> 11 ==> ']' closes nothing
            "/a.cfg                                    ==> UNBALANCED_RULE     ==> 1  ==> never closed
            # the grammar of alternatives
            /a.cfg | /b.cfg                            ==> MALFORMED_RULE      ==> 1  ==> alternative 1 has no condition
            ($A eq 1)? /a.cfg | /b.cfg | /c.cfg        ==> MALFORMED_RULE      ==> 21 ==> alternative 2 has no condition
            /a.cfg |                                   ==> MALFORMED_RULE      ==> 9  ==> empty alternative after '|'
            | /a.cfg                                   ==> MALFORMED_RULE      ==> 1  ==> empty alternative before '|'
            ($A eq 1)? /a.cfg || /b.cfg                ==> MALFORMED_RULE      ==> 20 ==> empty alternative
            ($A eq 1) /a.cfg                           ==> MALFORMED_RULE      ==> 9  ==> must end with ')?' (a condition) or ')!'
            ($A eq 1)? ($B eq 2)? /a.cfg               ==> MALFORMED_RULE      ==> 12 ==> one condition
            (a = "x")! ($A eq 1)? /a.cfg               ==> MALFORMED_RULE      ==> 12 ==> the condition must come first
            /a.cfg ($A eq 1)?                          ==> MALFORMED_RULE      ==> 8  ==> is a '|' missing after the URL?
            [--key $A] (a = "x")! /a.cfg               ==> MALFORMED_RULE      ==> 12 ==> assignments must come before
            (a = "x")! (b = "y")! /a.cfg               ==> MALFORMED_RULE      ==> 12 ==> one assignment list
            [--key $A] [--post a] /a.cfg               ==> MALFORMED_RULE      ==> 12 ==> one options bracket
            /a.cfg [--key $A]                          ==> MALFORMED_RULE      ==> 8  ==> options must come before the URL
            [--key $A]                                 ==> MALFORMED_RULE      ==> 1  ==> options must be followed by a URL
            http://a/x.cfg http://b/y.cfg              ==> MALFORMED_RULE      ==> 16 ==> unexpected text after the URL
            "[--key $A] tftp.callme.com/p/$B/a.cfg"    ==> MALFORMED_RULE      ==> 1  ==> belong to SPC source
            /a.cfg "x"                                 ==> MALFORMED_RULE      ==> 8  ==> unexpected text after the URL
            ($A eq 1)? "x" /a.cfg                      ==> MALFORMED_RULE      ==> 12 ==> quoted text belongs inside a condition
            # assignments
            ()! /a.cfg                                 ==> MALFORMED_RULE      ==> 1  ==> empty assignment list
            (a "x")! /a.cfg                            ==> MALFORMED_RULE      ==> 4  ==> expected '=' after a
            (a = x)! /a.cfg                            ==> MALFORMED_RULE      ==> 6  ==> must be in double quotes
            (a = "x" b = "y")! /a.cfg                  ==> MALFORMED_RULE      ==> 10 ==> expected ';' between assignments
            (a = "x";; b = "y")! /a.cfg                ==> MALFORMED_RULE      ==> 10 ==> expected a parameter name
            (q = "x")! /a.cfg                          ==> MALFORMED_RULE      ==> 2  ==> not a GPP letter
            (Line_Enable[1] = "No")! /a.cfg            ==> MALFORMED_RULE      ==> 13 ==> Line_Enable_1_
            (1abc = "x")! /a.cfg                       ==> MALFORMED_RULE      ==> 2  ==> not a parameter name
            # options
            [] /a.cfg                                  ==> MALFORMED_RULE      ==> 1  ==> empty options bracket
            [--foo x] /a.cfg                           ==> MALFORMED_RULE      ==> 2  ==> unknown option '--foo'
            [--delta] /a.cfg                           ==> MALFORMED_RULE      ==> 2  ==> Profile_Rule does not accept --delta
            [--key] /a.cfg                             ==> MALFORMED_RULE      ==> 2  ==> --key needs a value
            [--key --post a] /a.cfg                    ==> MALFORMED_RULE      ==> 2  ==> --key needs a value
            [--key ""] /a.cfg                          ==> MALFORMED_RULE      ==> 8  ==> --key has an empty value
            [--key $A --key $B] /a.cfg                 ==> MALFORMED_RULE      ==> 11 ==> --key is given twice
            [--post A] http://h/a                      ==> MALFORMED_RULE      ==> 9  ==> --post takes a GPP letter a..p
            [--alias q] http://h/a                     ==> MALFORMED_RULE      ==> 10 ==> --alias takes a GPP letter a..p
            [key $A] /a.cfg                            ==> MALFORMED_RULE      ==> 2  ==> expected an option name
            ["x"] /a.cfg                               ==> MALFORMED_RULE      ==> 2  ==> expected an option name
            [--key ab"c"] /a.cfg                       ==> MALFORMED_RULE      ==> 10 ==> a quote cannot start inside a word
            [--key "abc"def] /a.cfg                    ==> MALFORMED_RULE      ==> 13 ==> expected a space after the quoted value
            # URLs
            spa$MA.cfg                                 ==> MALFORMED_URL       ==> 1  ==> no absolute file path
            ($A eq 1)? tftp.callme.com                 ==> MALFORMED_URL       ==> 12 ==> no absolute file path
            http://h?x=/y                              ==> MALFORMED_URL       ==> 1  ==> no absolute file path
            ftp://h/a.cfg                              ==> MALFORMED_URL       ==> 1  ==> unknown scheme 'ftp'
            ://h/a.cfg                                 ==> MALFORMED_URL       ==> 1  ==> needs a scheme
            http://h:99999/a.cfg                       ==> MALFORMED_URL       ==> 1  ==> the port '99999' is not 1..65535
            http://h:0/a.cfg                           ==> MALFORMED_URL       ==> 1  ==> is not 1..65535
            http://h:/a.cfg                            ==> MALFORMED_URL       ==> 1  ==> is not 1..65535
            http://h:x$D/a.cfg                         ==> MALFORMED_URL       ==> 1  ==> the port 'x$MACRO' is not a number
            http://:80/a.cfg                           ==> MALFORMED_URL       ==> 1  ==> a port needs a server
            http://h_st%/a.cfg                         ==> MALFORMED_URL       ==> 1  ==> is not a host name
            http://h/a"b                               ==> MALFORMED_URL       ==> 11 ==> cannot contain a double quote
            # characters a device cannot hold
            /a\u0001.cfg                               ==> MALFORMED_RULE      ==> 3  ==> control character U+0001
            (“$CCERT” eq “Installed”)? /a.cfg          ==> NON_ASCII           ==> 2  ==> a typographic quote
            /caf\u00e9.cfg                             ==> NON_ASCII           ==> 5  ==> U+00E9 is not ASCII
            # conditions inside a rule report their column in the rule
            ($A eq 1 and "$B" lt "c")? /a.cfg          ==> MALFORMED_CONDITION ==> 19 ==> orders integers and versions only
            ()? /a.cfg                                 ==> MALFORMED_CONDITION ==> 1  ==> empty condition
            ($CCERT eq "Installed")? /a.cfg            ==> MALFORMED_CONDITION ==> 2  ==> must be quoted
            """)
    void refusesAMalformedRuleWithItsReasonAndColumn(String text, Reason reason, int column, String message) {
        assertThatThrownBy(() -> Rule.parse(text))
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("column " + column + ": ").contains(message);
                });
    }

    @Test
    void refusesOptionsInAnUpgradeRule() {
        assertThatThrownBy(() -> Rule.parse("[--key $A] http://fw.example/f.bin", RuleKind.UPGRADE_RULE))
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_RULE);
                    assertThat(e.getMessage()).contains("Upgrade_Rule takes no URL options");
                });
    }

    @Test
    void neverQuotesAKeyInAnErrorMessage() {
        String key = "Zq81LongSecretPassphrase";
        for (String broken : List.of("[--key " + key + " --post] /a.cfg", "[--key " + key + " extra] /a.cfg",
                "[--key " + key + " --" + key + "] /a.cfg", "[--pwd " + key + " --wat] /a.cfg",
                "[--key \"" + key + "\"x] /a.cfg", "[--key " + key + "\"] /a.cfg", "[--key " + key + " /a.cfg",
                "[--key \"" + key + "] /a.cfg", "(GPP_SA = " + key + ")! /a.cfg", "(a = \"" + key + "\" b)! /a.cfg",
                "(\"$A\" lt \"" + key + "\")? /a.cfg", "(\"$A\" eq \"" + key + "\" or 1 eq 1)? /a.cfg")) {
            assertThatThrownBy(() -> Rule.parse(broken)).as(broken)
                    .isInstanceOf(RuleSyntaxException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain(key.substring(0, 8)));
        }
    }

    @Test
    void masksLiteralSecretsInToStringButNotMacroReferences() {
        Rule rule = Rule.parse("[--key VerySecretValue --uid bob --pwd hunter2] http://h/a.cfg");

        assertThat(rule.toString()).isEqualTo("[--key *** --uid bob --pwd ***] http://h/a.cfg")
                .doesNotContain("VerySecretValue").doesNotContain("hunter2");
        assertThat(rule.format()).contains("VerySecretValue", "hunter2");
        assertThat(Rule.parse("[--key \"two words\"] /a.cfg").toString()).isEqualTo("[--key \"***\"] /a.cfg");
        assertThat(Rule.parse("[--key $SA] /a.cfg").toString()).isEqualTo("[--key $SA] /a.cfg");
        assertThat(Rule.parse("(GPP_SA = \"s3cr3t\"; a = \"x\")! /a.cfg").toString())
                .isEqualTo("(GPP_SA = \"***\"; a = \"x\";)! /a.cfg");
        assertThat(Rule.parse("#[--key VerySecretValue] /a.cfg").toString()).isEqualTo("#[--key ***] /a.cfg");
        assertThat(Rule.parse("#--key VerySecretValue").toString()).doesNotContain("VerySecretValue");
        assertThat(rule.alternatives().get(0).options().get(0).toString()).isEqualTo("--key ***");
    }

    @Test
    void refusesInconsistentTreesBuiltFromCode() {
        Alternative unconditional = Alternative.fetch("/a.cfg");
        assertThatThrownBy(() -> Rule.of(unconditional, unconditional)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the last alternative");
        assertThatThrownBy(() -> new Alternative(Optional.empty(), List.of(), List.of(UrlOption.of(UrlOption.Kind.KEY, "k")),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Alternative(Optional.empty(), List.of(), List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UrlOption(UrlOption.Kind.KEY, Optional.of(MacroTemplate.parse("two words")), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleUrl.of("spa.cfg")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule(RuleKind.UPGRADE_RULE, List.of(new Alternative(Optional.empty(), List.of(),
                List.of(UrlOption.of(UrlOption.Kind.KEY, "k")), Optional.of(RuleUrl.of("/f.bin")))), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(UrlOption.of(UrlOption.Kind.KEY, "two words").format()).isEqualTo("--key \"two words\"");
    }
}
