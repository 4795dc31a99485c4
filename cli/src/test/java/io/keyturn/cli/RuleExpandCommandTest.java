package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RuleExpandCommandTest {

    private static final String KEY = "8e4ca2590b7d41f6a3c5e9d20f1b7a6c8e4ca2590b7d41f6a3c5e9d20f1b7a6c";
    private static final String CHAIN = "[--key $A] tftp.callme.com/profile/$B/spa962.cfg";
    private static final String RECOVERY = "(\"$CCERT\" eq \"Installed\" and $PRVST eq 2)? https://prov.isp.example/bootstrap/$MA.xml"
            + " | [--key $A] http://prov.isp.example/profile/$B/spa962.cfg";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = KeyturnCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("rule", "expand"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    @Test
    void printsTheKeyAndTheFullUrlOfTheChainRule() {
        int exit = run("--rule", CHAIN, "--param", "GPP_A=" + KEY, "--param", "GPP_B=Xy12", "--mac", "00:0e:08:01:23:45",
                "--model", "SPA962");

        assertThat(exit).isZero();
        assertThat(out).hasToString("[--key " + KEY + "] tftp://tftp.callme.com:69/profile/Xy12/spa962.cfg" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest(name = "CCERT={0} PRVST={1}")
    @CsvSource(textBlock = """
            Installed,     2, https://prov.isp.example:443/bootstrap/000e08012345.xml
            Installed,     1, [--key k] http://prov.isp.example:80/profile/d/spa962.cfg
            Not Installed, 2, [--key k] http://prov.isp.example:80/profile/d/spa962.cfg
            """)
    void followsTheRecoveryRuleOnlyForACertifiedDeviceRetrying(String ccert, String prvst, String expected) {
        int exit = run("--rule", RECOVERY, "--mac", "000e08012345", "--param", "CCERT=" + ccert, "--param", "PRVST=" + prvst,
                "--param", "a=k", "--param", "GPP_B=d");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo(expected);
    }

    @Test
    void resolvesTheFactoryRuleAgainstTheDhcpServer() {
        int exit = run("--rule", "/spa$PSN.cfg", "--model", "SPA962", "--server", "10.0.0.66");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo("tftp://10.0.0.66:69/spa962.cfg");
    }

    @Test
    void comparesTheSoftwareVersionGiven() {
        String rule = "($SWVER ge 2.0.12)? http://fw.example/new.cfg | http://fw.example/old.cfg";

        run("--rule", rule, "--param", "SWVER=2.0.12(b)");
        run("--rule", rule, "--param", "SWVER=2.0.6(b)");

        assertThat(out.toString().lines()).containsExactly("http://fw.example:80/new.cfg", "http://fw.example:80/old.cfg");
    }

    @Test
    void printsTheAssignmentsTheWinningAlternativeRuns() {
        int exit = run("--rule", "( User_ID_1_ = \"uid$B\" ; d = \"$MA\" ; )! [--post g] http://h/$D.xml",
                "--mac", "000E08012345", "--param", "B=42", "--serial", "88012BA01234");

        assertThat(exit).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("(User_ID_1_ = \"uid42\"; GPP_D = \"000e08012345\";)! [--post g] http://h:80/000e08012345.xml");
    }

    @Test
    void printsSkipWhenNoAlternativeApplies() {
        assertThat(run("--rule", "($PRVST eq 1)? /periodic.cfg", "--param", "PRVST=0")).isZero();
        assertThat(run("--rule", "#[--key $A] /a.cfg")).isZero();

        assertThat(out.toString().lines()).containsExactly("skip", "skip");
    }

    @Test
    void refusesAnUnbalancedRuleOnOneLine() {
        int exit = run("--rule", "[--key $A tftp.callme.com/profile/$B/spa962.cfg");

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("keyturn: column 1: '[' is never closed [unbalanced-rule]" + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            /a.cfg | /b.cfg                    ==> [malformed-rule]
            ("$A" lt "x")? /a.cfg              ==> [malformed-condition]
            spa$MA.cfg                         ==> [malformed-url]
            [--foo x] /a.cfg                   ==> unknown option '--foo'
            [--key s3cr3tKey extra] /a.cfg     ==> [malformed-rule]
            """)
    void refusesABadRuleWithExitTwoAndOneLine(String rule, String expected) {
        int exit = run("--rule", rule);

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("keyturn: column ").contains(expected)
                .doesNotContain("s3cr3tKey");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void asksForAServerWhenTheUrlNamesNone() {
        int exit = run("--rule", "/spa$PSN.cfg", "--model", "SPA962");

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().lines()).singleElement().asString().contains("--server HOST", "[no-server]");
    }

    @Test
    void refusesABadMacOnOneLine() {
        int exit = run("--rule", "/a.cfg", "--mac", "000e08", "--server", "h");

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().lines()).singleElement().asString().contains("[invalid-mac]");
    }

    @Test
    void refusesAParamWithoutAValueWithoutRepeatingIt() {
        int exit = run("--rule", "/a.cfg", "--server", "h", "--param", "hunter2");

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().lines()).singleElement().asString().contains("--param takes NAME=VALUE")
                .doesNotContain("hunter2");
    }

    @Test
    void refusesAMissingRule() {
        int exit = run("--mac", "000e08012345");

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString().lines()).singleElement().asString().contains("--rule");
    }

    @Test
    void isListedUnderTheRuleGroup() {
        CommandLine cli = KeyturnCommand.newCommandLine();

        assertThat(cli.getSubcommands().get("rule").getSubcommands()).containsKey("expand");
    }
}
