package io.keyturn.protocol.profile;

import static io.keyturn.protocol.profile.UserAccess.HIDDEN;
import static io.keyturn.protocol.profile.UserAccess.READ_ONLY;
import static io.keyturn.protocol.profile.UserAccess.READ_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpcSourceTest {

    @Test
    void readsTheGuidesExample() {
        // §4.1 [S4 p22]: '!' read-write, '?' read-only, no mark hidden, no value leaves it unchanged.
        FlatProfile profile = SpcSource.parse("""
                # These parameters are for illustration only
                Feature_Enable ! "Enable" ; # user read-write
                Another_Parameter ? "3600" ; # user read-only
                Hidden_Parameter "abc123" ; # user not-accessible
                Some_Entry ! ; # user read-write, leave value unchanged
                """);

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("Feature_Enable", "Enable", READ_WRITE),
                Parameter.of("Another_Parameter", "3600", READ_ONLY),
                Parameter.of("Hidden_Parameter", "abc123", HIDDEN),
                Parameter.unchanged("Some_Entry", READ_WRITE));
    }

    @Test
    void readsTheSecureProvisioningSnippetInItsQuotedForm() {
        // §4.1 [S4 p35]
        FlatProfile profile = SpcSource.parse("Profile_Rule \"[--key $A] tftp.callme.com/profile/$B/spa2000.cfg\";");

        assertThat(profile.value("Profile_Rule")).contains("[--key $A] tftp.callme.com/profile/$B/spa2000.cfg");
        assertThat(profile.parameter("Profile_Rule").flatMap(Parameter::access)).contains(HIDDEN);
    }

    @Test
    void keepsHashInsideQuotesAsPartOfTheValue() {
        // The guides disable a rule with a leading '#' in its value.
        FlatProfile profile = SpcSource.parse("Profile_Rule ! \"# http://192.168.1.200/sample.cfg\" ; # comment");

        assertThat(profile.value("Profile_Rule")).contains("# http://192.168.1.200/sample.cfg");
    }

    @Test
    void mapsBracketNamesToXmlNames() {
        FlatProfile profile = SpcSource.parse("Proxy[1] ! \"sip.example.net\";\nLine_Enable[2] \"Yes\";\nDial_Plan[1] \"(*xx|[2-9]xxxxxx)\";");

        assertThat(profile.parameters()).extracting(Parameter::name).containsExactly("Proxy_1_", "Line_Enable_2_", "Dial_Plan_1_");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        "'A!\"x\";'                     => x",
        "'A\n  !\n  \"x\"\n  ;'         => x",
        "'A \"x\" # comment\n ;'        => x",
        "'A\t?\t\"x\"\t;'               => x",
        "'A \"x\";\r\n'                 => x",
        "'A \"\";'                      => ''",
        "'A \"  padded  \";'            => padded",
        "'A \"c:\\dir\\n\";'            => c:\\dir\\n",
        "'A \"semi;colon # hash\";'     => semi;colon # hash",
        "'A \"<9:>xx.|&amp;\";'         => <9:>xx.|&amp;",
        "'A \"it''s\";'                 => it's",
        "'A \"say \\\"hi\\\"\";'           => say \"hi\"",
        "'A \"back\\\\slash\";'           => back\\slash",
        "'A \"ends in \\\\\";'            => ends in \\",
        "'A \"\\n \\t \\x\";'              => \\n \\t \\x",
    })
    void readsStatementsHoweverTheyAreSpaced(String source, String value) {
        assertThat(SpcSource.parse(source).value("A")).contains(value);
    }

    @Test
    void readsSeveralStatementsOnOneLineAndEmptySources() {
        assertThat(SpcSource.parse("A \"1\"; B ? \"2\";B \"3\" ;").parameters())
                .containsExactly(Parameter.of("A", "1", HIDDEN), Parameter.of("B", "3", HIDDEN));
        assertThat(SpcSource.parse("").isEmpty()).isTrue();
        assertThat(SpcSource.parse("# nothing but a comment\n\n   \n").isEmpty()).isTrue();
    }

    @Test
    void appliesRepeatedParametersInOrder() {
        // §4.1: the last occurrence wins. A statement without a value does not erase an earlier value,
        // but every statement states an access, so a later one without a mark hides the parameter.
        FlatProfile profile = SpcSource.parse("""
                A "1" ;
                B ! "x" ;
                A "2" ;
                C "kept" ;
                C ! ;
                D ! "shown" ;
                D "hidden again" ;
                """);

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("A", "2", HIDDEN),
                Parameter.of("B", "x", READ_WRITE),
                Parameter.of("C", "kept", READ_WRITE),
                Parameter.of("D", "hidden again", HIDDEN));
    }

    @Test
    void splicesImportsAsTheGuideShows() {
        // §4.1 [S4 p23]: spa1234.txt compiles to base.txt's statements followed by its own.
        Map<String, String> files = Map.of("base.txt", "Param1 \"base value 1\" ;\nParam2 \"base value 2\" ;\n");
        String source = "import base.txt\nParam1 \"new value overrides base\" ;\nParam7 \"particular value 7\" ;\n";

        FlatProfile profile = SpcSource.parse(source, "spa1234.txt", resolver(files));

        assertThat(profile).isEqualTo(SpcSource.parse("""
                Param1 "base value 1" ;
                Param2 "base value 2" ;
                Param1 "new value overrides base" ;
                Param7 "particular value 7" ;
                """));
    }

    @Test
    void resolvesNestedImportsWithTheImportingSourceName() {
        Map<String, String> files = new HashMap<>();
        files.put("lines.txt", "  import  line1.txt   # indented, with a comment\nLine_Enable[2] \"No\";\n");
        files.put("line1.txt", "Proxy[1] \"sip.example.net\";\n");
        Map<String, String> importers = new HashMap<>();
        SpcSource.ImportResolver recording = (importer, file) -> {
            importers.put(file, importer);
            return resolver(files).resolve(importer, file);
        };

        FlatProfile profile = SpcSource.parse("import lines.txt\nGPP_A \"x\";", "main.txt", recording);

        assertThat(profile.parameters()).extracting(Parameter::name).containsExactly("Proxy_1_", "Line_Enable_2_", "GPP_A");
        assertThat(importers).containsEntry("lines.txt", "main.txt").containsEntry("line1.txt", "lines.txt");
    }

    @Test
    void treatsImportFollowedByAMarkValueOrSemicolonAsAParameter() {
        FlatProfile profile = SpcSource.parse("import ! \"x\" ;\nimport;");

        assertThat(profile.parameters()).containsExactly(Parameter.of("import", "x", HIDDEN));
        assertThat(SpcSource.parse("import ? ;").parameters()).containsExactly(Parameter.unchanged("import", READ_ONLY));
    }

    @Test
    void refusesImportCycles() {
        Map<String, String> files = Map.of("a.txt", "import b.txt\n", "b.txt", "X \"1\";\nimport a.txt\n");

        assertRefused(() -> SpcSource.parse("import a.txt\n", "main.txt", resolver(files)), Reason.UNRESOLVED_IMPORT,
                "b.txt, line 2, column 1", "import cycle: main.txt -> a.txt -> b.txt -> a.txt");
        assertRefused(() -> SpcSource.parse("import main.txt\n", "main.txt", resolver(Map.of("main.txt", "import main.txt"))),
                Reason.UNRESOLVED_IMPORT, "import cycle: main.txt -> main.txt");
    }

    @Test
    void refusesImportsThatCannotBeResolved() {
        assertRefused(() -> SpcSource.parse("A \"1\";\nimport missing.txt\n", "main.txt", resolver(Map.of())),
                Reason.UNRESOLVED_IMPORT, "main.txt, line 2, column 1", "cannot import missing.txt", "no such file");
        assertRefused(() -> SpcSource.parse("import base.txt\n"), Reason.UNRESOLVED_IMPORT, "line 1, column 1",
                "cannot import base.txt");
    }

    @Test
    void refusesImportsNestedBeyondTheLimit() {
        SpcSource.ImportResolver endless = (importer, file) -> {
            int n = importer.equals("main") ? 0 : Integer.parseInt(importer.substring(1));
            return new SpcSource.Imported("f" + (n + 1), "import next\n");
        };

        assertRefused(() -> SpcSource.parse("import next\n", "main", endless), Reason.UNRESOLVED_IMPORT,
                "nest deeper than " + SpcSource.MAX_IMPORT_DEPTH);
    }

    @Test
    void namesTheImportedFileInItsErrors() {
        Map<String, String> files = Map.of("base.txt", "A \"1\";\nB \"2\"\n");

        assertRefused(() -> SpcSource.parse("import base.txt\n", "main.txt", resolver(files)), Reason.MALFORMED_SPC,
                "base.txt, line 2, column 6", "missing ';'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        "'import \"base.txt\"'    => line 1, column 18: missing ';' after the value of parameter import (an import line takes a bare file name: import base.txt)",
        "'import base.txt;'       => line 1, column 1: import takes a bare file name",
        "'import   # no file'     => line 1, column 7: missing ';' after parameter import (an import line takes a bare file name",
        "'import my file.txt'     => line 1, column 11: unexpected text after the file name",
    })
    void refusesMalformedImportLines(String source, String message) {
        assertRefused(() -> SpcSource.parse(source, null, resolver(Map.of())), Reason.MALFORMED_SPC, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        "'A \"abc ;\nB \"x\";'                  => line 1, column 3: unterminated quoted value of parameter A",
        "'A \"abc'                              => line 1, column 3: unterminated quoted value of parameter A",
        "'A \"x\"\nB \"y\";'                    => line 1, column 6: missing ';' after the value of parameter A",
        "'A \"x\"'                              => line 1, column 6: missing ';' after the value of parameter A",
        "'A ! \"x\" \"y\";'                     => line 1, column 8: missing ';' after the value of parameter A",
        "'A\nB \"y\";'                          => line 1, column 2: missing ';' after parameter A",
        "'Some_Entry !'                         => line 1, column 13: missing ';' after parameter Some_Entry",
        "'Profile_Rule [--key $A] http://x/a.cfg;' => line 1, column 14: after parameter Profile_Rule expected '!', '?', a double-quoted value or ';' (values must be in double quotes)",
        "'A ! ? \"x\";'                         => line 1, column 5: after parameter A expected a double-quoted value or ';'",
        "'; A \"x\";'                           => line 1, column 1: expected a parameter name, found ';'",
        "'  \"x\";'                             => line 1, column 3: expected a parameter name, found '\"'",
        "'A \"1\";\n\n  ! \"x\";'               => line 3, column 3: expected a parameter name, found '!'",
        "'A \"x\"; import b.txt'                => line 1, column 15: after parameter import expected '!', '?', a double-quoted value or ';' (values must be in double quotes) (an import line takes a bare file name: import base.txt)",
    })
    void refusesMalformedSourceWithLineAndColumn(String source, String message) {
        assertRefused(() -> SpcSource.parse(source), Reason.MALFORMED_SPC, message);
    }

    @Test
    void refusesNamesADeviceCannotHoldWithTheirPosition() {
        assertRefused(() -> SpcSource.parse("A \"1\";\n  9lives \"x\";"), Reason.INVALID_PARAMETER_NAME,
                "line 2, column 3", "9lives");
        assertRefused(() -> SpcSource.parse("Proxy{1} \"x\";"), Reason.INVALID_PARAMETER_NAME, "line 1, column 1");
    }

    @Test
    void refusesNonAsciiInNamesAndValuesButNotInComments() {
        assertRefused(() -> SpcSource.parse("# fine: Gr\u00fc\u00dfe\nStation_Name \"Caf\u00e9\";"), Reason.NON_ASCII,
                "line 2, column 18", "value of parameter Station_Name");
        assertRefused(() -> SpcSource.parse("Caf\u00e9 \"x\";"), Reason.NON_ASCII, "line 1, column 4");
        assertRefused(() -> SpcSource.parse("A \"x\u0001y\";"), Reason.NON_ASCII, "line 1, column 5");
        assertThat(SpcSource.parse("# Gr\u00fc\u00dfe\nA \"x\"; # \u00e9\u00e9").value("A")).contains("x");
    }

    @Test
    void neverShowsImportedTextInToString() {
        assertThat(new SpcSource.Imported("keys.txt", "GPP_A \"s3cr3t\" ;").toString())
                .contains("keys.txt").doesNotContain("s3cr3t");
    }

    @Test
    void neverQuotesTheValueInAnError() {
        assertThatThrownBy(() -> SpcSource.parse("GPP_A \"s3cr3t\u00e9\";")).hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> SpcSource.parse("GPP_A \"s3cr3t")).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void writesOneStatementPerLineWithMarksAndBracketNames() {
        FlatProfile profile = FlatProfile.builder()
                .set("Proxy[1]", "sip.example.net", READ_WRITE)
                .set("Resync_Periodic", "3600", READ_ONLY)
                .set("GPP_A", "c:\\keys #1; <&>", HIDDEN)
                .access("Some_Entry", READ_WRITE)
                .access("Hidden_Entry", HIDDEN)
                .set("GPP_B", "", READ_ONLY)
                .build();

        String spc = SpcSource.write(profile);

        assertThat(spc).isEqualTo("""
                Proxy[1] ! "sip.example.net" ;
                Resync_Periodic ? "3600" ;
                GPP_A "c:\\keys #1; <&>" ;
                Some_Entry ! ;
                Hidden_Entry ;
                GPP_B ? "" ;
                """);
        assertThat(SpcSource.parse(spc)).isEqualTo(profile);
    }

    @Test
    void writesQuotesInValuesWithTheOnlyTwoEscapes() {
        FlatProfile profile = FlatProfile.builder()
                .set("Profile_Rule", "(\"$CCERT\" eq \"Installed\")? https://p.example.net/b/$MA.xml", HIDDEN)
                .set("GPP_F", "Product = \"$PN\"; MAC_Addr = \"$MA\";", HIDDEN)
                .set("A", "c:\\dir\\new", HIDDEN)
                .set("B", "ends in \\", HIDDEN)
                .set("C", "\\\\ and \\\"", HIDDEN)
                .build();

        String spc = SpcSource.write(profile);

        assertThat(spc).isEqualTo("""
                Profile_Rule "(\\"$CCERT\\" eq \\"Installed\\")? https://p.example.net/b/$MA.xml" ;
                GPP_F "Product = \\"$PN\\"; MAC_Addr = \\"$MA\\";" ;
                A "c:\\dir\\new" ;
                B "ends in \\\\" ;
                C "\\\\\\ and \\\\\\"" ;
                """);
        assertThat(SpcSource.parse(spc)).isEqualTo(profile);
    }

    @Test
    void pointsAtAnUnescapedQuoteInsideAValue() {
        assertRefused(() -> SpcSource.parse("Profile_Rule \"(\"$CCERT\" eq \"Installed\")? /x.cfg\" ;"),
                Reason.MALFORMED_SPC, "line 1, column 17: missing ';' after the value of parameter Profile_Rule",
                "(a '\"' inside a value is written \\\")");
    }

    @Test
    void refusesToWriteAProfileThatLeavesAccessUnchanged() {
        FlatProfile noAccess = FlatProfile.builder().set("GPP_A", "x").build();
        assertThatThrownBy(() -> SpcSource.write(noAccess))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GPP_A").hasMessageContaining("no user access");
        assertThat(SpcSource.write(noAccess, READ_ONLY)).isEqualTo("GPP_A ? \"x\" ;\n");
        assertThat(SpcSource.write(FlatProfile.builder().set("GPP_A", "x", READ_WRITE).build(), HIDDEN))
                .as("a stated access wins over the default").isEqualTo("GPP_A ! \"x\" ;\n");
    }

    @Test
    void compilesSpcToTheXmlADeviceReads() {
        FlatProfile profile = SpcSource.parse("""
                Profile_Rule "[--key $A] http://prov.example.net/profile/$B/spa962.cfg" ;
                Proxy[1] ! "sip.example.net" ;
                Dial_Plan[1] ? "(<9:>xx.|*xx)" ;
                GPP_B ! ;
                GPP_C "" ;
                """);

        assertThat(FlatProfileXml.write(profile)).isEqualTo("""
                <flat-profile>
                  <Profile_Rule ua="na">[--key $A] http://prov.example.net/profile/$B/spa962.cfg</Profile_Rule>
                  <Proxy_1_ ua="rw">sip.example.net</Proxy_1_>
                  <Dial_Plan_1_ ua="ro">(&lt;9:&gt;xx.|*xx)</Dial_Plan_1_>
                  <GPP_B ua="rw"/>
                  <GPP_C ua="na"></GPP_C>
                </flat-profile>
                """);
    }

    private static SpcSource.ImportResolver resolver(Map<String, String> files) {
        return (importer, file) -> {
            String text = files.get(file);
            if (text == null) {
                throw new NoSuchFileException(file);
            }
            return new SpcSource.Imported(file, text);
        };
    }

    private static void assertRefused(ThrowingCallable parse, Reason reason, String... messageParts) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }
}
