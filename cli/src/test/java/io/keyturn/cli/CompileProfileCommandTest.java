package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileProfileCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KeyturnCommand.newCommandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void compilesSpcSourceToFlatProfileXmlResolvingImportsBesideTheirImporter() throws IOException {
        write("common/base.txt", "import lines.txt\nResync_Periodic ? \"3600\" ;\n");
        write("common/lines.txt", "Proxy[1] ! \"sip.example.net\" ;\n");
        Path in = write("spa962.txt", """
                # one device
                import common/base.txt
                Profile_Rule "(\\"$CCERT\\" eq \\"Installed\\")? https://p.example.net/b/$MA.xml | [--key $A] /profile/$B/spa962.cfg" ;
                GPP_B ! ;
                Resync_Periodic "600" ;
                """);
        Path xml = dir.resolve("spa962.xml");

        int exit = run("profile", "compile", in.toString(), xml.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(Files.readString(xml)).isEqualTo("""
                <flat-profile>
                  <Proxy_1_ ua="rw">sip.example.net</Proxy_1_>
                  <Resync_Periodic ua="na">600</Resync_Periodic>
                  <Profile_Rule ua="na">("$CCERT" eq "Installed")? https://p.example.net/b/$MA.xml | [--key $A] /profile/$B/spa962.cfg</Profile_Rule>
                  <GPP_B ua="rw"/>
                </flat-profile>
                """);
    }

    @Test
    void convertsXmlBackToSpcSource() throws IOException {
        Path in = write("p.xml", "<device><flat-profile><Proxy_1_ ua=\"rw\">sip.example.net</Proxy_1_>"
                + "<GPP_A ua=\"na\">a \"quoted\" key</GPP_A><GPP_B ua=\"ro\"/></flat-profile></device>");
        Path spc = dir.resolve("p.txt");

        int exit = run("profile", "compile", "--to-spc", in.toString(), spc.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(spc)).isEqualTo("""
                Proxy[1] ! "sip.example.net" ;
                GPP_A "a \\"quoted\\" key" ;
                GPP_B ? ;
                """);
    }

    @Test
    void asksForADefaultAccessWhenXmlLeavesAccessUnchanged() throws IOException {
        Path in = write("p.xml", "<flat-profile><GPP_A>x</GPP_A><GPP_B ua=\"rw\">y</GPP_B><GPP_C/></flat-profile>");
        Path spc = dir.resolve("p.txt");

        int refused = run("profile", "compile", "--to-spc", in.toString(), spc.toString());

        assertThat(refused).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1)
                .contains("2 parameter(s)", "first: GPP_A", "--default-access=na|ro|rw");
        assertThat(spc).doesNotExist();

        int exit = run("profile", "compile", "--to-spc", "--default-access=ro", in.toString(), spc.toString());

        assertThat(exit).isZero();
        assertThat(Files.readString(spc)).isEqualTo("GPP_A ? \"x\" ;\nGPP_B ! \"y\" ;\nGPP_C ? ;\n");
    }

    @Test
    void readsStandardInputAndWritesStandardOutput() {
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("GPP_A \"1\" ;\n".getBytes(StandardCharsets.US_ASCII)));
            System.setOut(new PrintStream(captured, true));

            assertThat(run("profile", "compile", "-", "-")).as(err.toString()).isZero();
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(captured.toString(StandardCharsets.US_ASCII))
                .isEqualTo("<flat-profile>\n  <GPP_A ua=\"na\">1</GPP_A>\n</flat-profile>\n");
    }

    @Test
    void refusesMalformedSourceWithOneLineAndNoOutput() throws IOException {
        Path in = write("bad.txt", "GPP_A \"1\" ;\nGPP_B \"unterminated ;\n");
        Path xml = dir.resolve("bad.xml");

        int exit = run("profile", "compile", in.toString(), xml.toString());

        assertThat(exit).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1)
                .startsWith("keyturn: " + in + ", line 2, column 7: unterminated quoted value of parameter GPP_B")
                .endsWith("[malformed-spc]" + System.lineSeparator());
        assertThat(xml).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void leavesAnExistingOutputUntouchedOnBadInput() throws IOException {
        Path in = write("bad.txt", "GPP_A \"1\"\n");
        Path xml = write("existing.xml", "<flat-profile/>\n");

        assertThat(run("profile", "compile", in.toString(), xml.toString())).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("missing ';'");
        assertThat(Files.readString(xml)).isEqualTo("<flat-profile/>\n");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left behind").hasSize(2);
        }
    }

    @Test
    void refusesNonAsciiNamingTheParameterAndPosition() throws IOException {
        Path in = write("cafe.txt", "Station_Name \"Caf\u00e9\" ;\n");

        assertThat(run("profile", "compile", in.toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("cafe.txt, line 1, column 18", "Station_Name", "[non-ascii]");
    }

    @Test
    void refusesMissingAndCyclicImports() throws IOException {
        Path missing = write("main.txt", "import nowhere.txt\n");
        assertThat(run("profile", "compile", missing.toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("cannot import nowhere.txt", "[unresolved-import]");

        err.getBuffer().setLength(0);
        write("a.txt", "import sub/b.txt\n");
        write("sub/b.txt", "import ../a.txt\n");
        assertThat(run("profile", "compile", dir.resolve("a.txt").toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("import cycle", "[unresolved-import]");
        assertThat(dir.resolve("o.xml")).doesNotExist();
    }

    @Test
    void refusesMalformedXmlWithLineAndColumn() throws IOException {
        Path in = write("p.xml", "<flat-profile>\n<GPP_A>x</GPP_B>\n</flat-profile>");

        assertThat(run("profile", "compile", "--to-spc", in.toString(), dir.resolve("p.txt").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("malformed XML at line 2", "[malformed-xml]");
        assertThat(dir.resolve("p.txt")).doesNotExist();
    }

    @Test
    void suggestsToSpcWhenGivenXmlToCompile() throws IOException {
        Path in = write("p.xml", "<flat-profile><GPP_A>x</GPP_A></flat-profile>");

        assertThat(run("profile", "compile", in.toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("use --to-spc", "[invalid-parameter-name]");
    }

    @Test
    void reportsAMissingInputFileAsAnIoFailure() {
        assertThat(run("profile", "compile", dir.resolve("absent.txt").toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_IO);
        assertThat(err.toString()).hasLineCount(1).contains("no such file");
    }

    @Test
    void refusesMisusedOptions() throws IOException {
        Path in = write("p.txt", "GPP_A \"1\" ;\n");

        assertThat(run("profile", "compile", "--default-access=rw", in.toString(), dir.resolve("o.xml").toString()))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("--default-access applies only with --to-spc");

        err.getBuffer().setLength(0);
        assertThat(run("profile", "compile", "--to-spc", "--default-access=RW", in.toString(), "-"))
                .isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("'RW' is not na, ro or rw");

        err.getBuffer().setLength(0);
        assertThat(run("profile", "compile", in.toString())).isEqualTo(KeyturnCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).hasLineCount(1).contains("OUT");
        assertThat(dir.resolve("o.xml")).doesNotExist();
    }

    @Test
    void explainsItselfInHelp() {
        assertThat(run("profile", "compile", "--help")).isZero();

        assertThat(out.toString()).contains(
                "Usage: keyturn profile compile [-hV] [--to-spc] [--default-access=na|ro|rw] IN",
                "'-' reads standard input", "'-' writes", "--to-spc", "--default-access",
                "Proxy[1] in SPC is Proxy_1_ in XML", "import FILE", "Parameters:", "Options:", "Examples:",
                "Exit status:");

        out.getBuffer().setLength(0);
        assertThat(run("profile", "--help")).isZero();
        assertThat(out.toString()).contains("compile");
    }
}
