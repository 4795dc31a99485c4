package io.keyturn.protocol.profile;

import static io.keyturn.protocol.profile.UserAccess.HIDDEN;
import static io.keyturn.protocol.profile.UserAccess.READ_ONLY;
import static io.keyturn.protocol.profile.UserAccess.READ_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlatProfileXmlTest {

    private static FlatProfile parse(String body) {
        return FlatProfileXml.parse("<flat-profile>\n" + body + "\n</flat-profile>");
    }

    @Test
    void marksWhereTheLeadingParametersEnd() {
        FlatProfile profile = FlatProfile.builder().set("Admin_Passwd", "a<b&c").set("GPP_C", "x")
                .access("GPP_C", HIDDEN).set("GPP_A", "key").build();
        String whole = FlatProfileXml.write(profile);
        for (int n = 0; n <= profile.size(); n++) {
            FlatProfile.Builder leading = FlatProfile.builder();
            profile.parameters().stream().limit(n).forEach(leading::put);
            String prefix = FlatProfileXml.write(leading.build());

            FlatProfileXml.Written written = FlatProfileXml.writeBytes(profile, n);

            assertThat(new String(written.xml(), StandardCharsets.US_ASCII)).isEqualTo(whole);
            assertThat(whole.substring(0, written.leadingLength()))
                    .isEqualTo(prefix.substring(0, prefix.length() - "</flat-profile>\n".length()));
        }
        assertThatThrownBy(() -> FlatProfileXml.writeBytes(profile, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheGuidesExample() {
        FlatProfile profile = FlatProfileXml.parse(
                "<flat-profile>\n<Profile_Rule>tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg</Profile_Rule>\n</flat-profile>");

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("Profile_Rule", "tftp://prov.telco.com:6900/Linksys/config/spa2102.cfg"));
    }

    @Test
    void tellsAnEmptyElementFromAnEmptyValue() {
        // §4.3, §8, §9.8: <GPP_B/> leaves the value unchanged, <GPP_A></GPP_A> sets it empty.
        FlatProfile profile = parse("<GPP_A></GPP_A><GPP_B/><GPP_C /><GPP_D ua=\"rw\"/><GPP_E>  </GPP_E>"
                + "<GPP_F><!-- nothing --></GPP_F>");

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("GPP_A", ""),
                Parameter.unchanged("GPP_B", null),
                Parameter.unchanged("GPP_C", null),
                Parameter.unchanged("GPP_D", READ_WRITE),
                Parameter.of("GPP_E", ""),
                Parameter.of("GPP_F", ""));
    }

    @Test
    void findsTheFlatProfileInsideAnyWrapperAndIgnoresWhatIsOutside() {
        FlatProfile profile = FlatProfileXml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- provisioning for one device -->
                <device mac="000e08aabbcc">
                  <GPP_A>outside, ignored</GPP_A>
                  <config version="2">
                    <flat-profile>
                      <GPP_B>inside</GPP_B>
                    </flat-profile>
                  </config>
                  <other><GPP_C>ignored</GPP_C></other>
                </device>
                """);

        assertThat(profile.parameters()).containsExactly(Parameter.of("GPP_B", "inside"));
    }

    @Test
    void appliesSeveralFlatProfilesInDocumentOrder() {
        FlatProfile profile = FlatProfileXml.parse(
                "<x><flat-profile><A>1</A><B>2</B></flat-profile><flat-profile><A>3</A></flat-profile></x>");

        assertThat(profile.parameters()).containsExactly(Parameter.of("A", "3"), Parameter.of("B", "2"));
    }

    @Test
    void readsUserAccessAndIgnoresUnknownAttributes() {
        FlatProfile profile = parse("<A ua=\"na\">1</A><B ua=\"ro\">2</B><C ua=\"rw\">3</C><D>4</D>"
                + "<E group=\"x\" UA=\"rw\" xmlns:q=\"urn:x\" q:ua=\"rw\">5</E>");

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("A", "1", HIDDEN), Parameter.of("B", "2", READ_ONLY), Parameter.of("C", "3", READ_WRITE),
                Parameter.of("D", "4"), Parameter.of("E", "5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RW", "Rw", "", "yes", "r w", "rw "})
    void refusesAUserAccessItDoesNotKnow(String ua) {
        assertRefused(() -> parse("<GPP_A ua=\"" + ua + "\">x</GPP_A>"), Reason.MALFORMED_XML, "GPP_A", "line 2",
                "ua must be na, ro or rw");
    }

    @Test
    void treatsElementNamesCaseSensitively() {
        FlatProfile profile = parse("<GPP_A>1</GPP_A><gpp_a>2</gpp_a>");

        assertThat(profile.value("GPP_A")).contains("1");
        assertThat(profile.value("gpp_a")).contains("2");
        assertThatThrownBy(() -> FlatProfileXml.parse("<Flat-Profile><A>1</A></Flat-Profile>"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED_XML);
                    assertThat(e.getMessage()).contains("no <flat-profile>");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", value = {
        // body of <X>...</X> => stored value
        "'  padded  '                       => padded",
        "'\n   (xx|\n    yy)\n'             => (xx|     yy)",
        "'one\r\ntwo\rthree'                => one two three",
        "'tab\there'                        => tab\there",
        "'&lt;9:1&gt; &amp; &quot;q&quot; &apos;a&apos;' => <9:1> & \"q\" 'a'",
        "'&#65;&#x42;&#x43;'                => ABC",
        "'&#32;x&#32;'                      => x",
        "'<![CDATA[(<9:>xx.|*xx)]]>'        => (<9:>xx.|*xx)",
        "'a<!-- c -->b<?pi x?>c'            => abc",
        "'a&#10;b'                          => a b",
    })
    void storesValuesAsTheDeviceDoes(String body, String stored) {
        assertThat(parse("<X>" + body + "</X>").value("X")).contains(stored);
    }

    @Test
    void appliesDuplicatesInOrderSoTheLastValueWins() {
        // §4.3 "last occurrence wins"; a later <X/> says "unchanged", so it keeps the earlier value.
        FlatProfile profile = parse("<A>1</A><B>x</B><A>2</A>"
                + "<C ua=\"rw\">1</C><C/>"
                + "<D>1</D><D ua=\"ro\"/>"
                + "<E ua=\"rw\">1</E><E>2</E>"
                + "<F>1</F><F></F>");

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("A", "2"),
                Parameter.of("B", "x"),
                Parameter.of("C", "1", READ_WRITE),
                Parameter.of("D", "1", READ_ONLY),
                Parameter.of("E", "2", READ_WRITE),
                Parameter.of("F", ""));
    }

    @Test
    void refusesNonAsciiValuesNamingTheParameterAndPosition() {
        String xml = "<flat-profile>\n  <Station_Name>Caf\u00e9</Station_Name>\n</flat-profile>";

        assertRefused(() -> FlatProfileXml.parse(xml), Reason.NON_ASCII, "Station_Name", "line 2, column 20");
        assertRefused(() -> FlatProfileXml.parse(xml.getBytes(StandardCharsets.UTF_8)), Reason.NON_ASCII,
                "Station_Name", "line 2, column 20");
        assertRefused(() -> FlatProfileXml.parse(xml.getBytes(StandardCharsets.ISO_8859_1)), Reason.NON_ASCII,
                "Station_Name", "line 2, column 20");
        assertRefused(() -> FlatProfileXml.parse(xml.replace("\u00e9", "&#233;")), Reason.NON_ASCII,
                "Station_Name", "line 2, column 20");
        assertRefused(() -> FlatProfileXml.parse(xml.replace("\u00e9", "&#x7f;")), Reason.NON_ASCII,
                "Station_Name", "line 2, column 20");
        assertRefused(() -> parse("<A>x</A>\n<B>\n  ok\n  \u2603</B>"), Reason.NON_ASCII, "parameter B",
                "line 5, column 3");
    }

    @Test
    void neverQuotesTheValueInAnError() {
        assertThatThrownBy(() -> parse("<GPP_A>s3cr3t\u00e9</GPP_A>"))
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesNonAsciiNamesAndByteOrderMarks() {
        assertRefused(() -> parse("<Caf\u00e9>x</Caf\u00e9>"), Reason.NON_ASCII, "line 2, column 1");
        assertRefused(() -> FlatProfileXml.parse("\ufeff<flat-profile/>"), Reason.NON_ASCII, "byte order mark");
        byte[] utf8Bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '<', 'f', 'l', 'a', 't', '-', 'p', 'r', 'o', 'f',
            'i', 'l', 'e', '/', '>'};
        assertRefused(() -> FlatProfileXml.parse(utf8Bom), Reason.NON_ASCII, "byte order mark");
    }

    @Test
    void ignoresNonAsciiWhereTheDeviceDoesNotLook() {
        FlatProfile profile = FlatProfileXml.parse("<!-- Gr\u00fc\u00dfe --><x note=\"\u00e9\"><y>\u00e9</y>"
                + "<flat-profile><A>1</A></flat-profile></x>");

        assertThat(profile.value("A")).contains("1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'<flat-profile><GPP_A>x</GPP_B></flat-profile>' | line 1, column 25",
        "'<flat-profile>\n<GPP_A>x'                       | line 2, column 9",
        "'<flat-profile><A>&nbsp;</A></flat-profile>'     | line 1, column 24",
        "'<flat-profile><A>a & b</A></flat-profile>'      | line 1, column 21",
        "'<flat-profile><A x=1>v</A></flat-profile>'      | line 1, column 20",
        "'<flat-profile/><flat-profile/>'                 | line 1, column 17",
        "''                                               | line 1, column 1",
        "'just text'                                      | line 1, column 1",
    })
    void refusesMalformedXmlWithLineAndColumn(String xml, String position) {
        assertRefused(() -> FlatProfileXml.parse(xml), Reason.MALFORMED_XML, "malformed XML at " + position);
    }

    @Test
    void refusesADocumentWithoutAFlatProfile() {
        assertRefused(() -> FlatProfileXml.parse("<config><GPP_A>x</GPP_A></config>"), Reason.MALFORMED_XML,
                "no <flat-profile>");
    }

    @Test
    void refusesElementsInsideAParameter() {
        assertRefused(() -> parse("<GPP_A>x<b>bold</b></GPP_A>"), Reason.MALFORMED_XML,
                "<b> at line 2, column 9 is inside parameter GPP_A");
    }

    @Test
    void refusesElementNamesADeviceCannotHold() {
        assertRefused(() -> parse("<q:GPP_A xmlns:q=\"urn:x\">x</q:GPP_A>"), Reason.INVALID_PARAMETER_NAME,
                "q:GPP_A", "line 2, column 1");
    }

    @Test
    void aControlCharacterInADtdIsMalformedXmlNotAParserCrash() {
        // Found by FuzzIT: the JDK's parser threw MissingResourceException ("InvalidCharInDTD") here.
        assertThatThrownBy(() -> FlatProfileXml.parse("<?xml version=\"1.0\"?><!DOCTYPE flat-profile [<!EN\u0001<?xTmIT"))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.MALFORMED_XML))
                .hasMessageStartingWith("malformed XML at line 1");
    }

    @Test
    void refusesInternalEntitiesAndExternalEntitiesInADtd() {
        assertRefused(() -> FlatProfileXml.parse("<!DOCTYPE flat-profile [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<flat-profile><GPP_A>&xxe;</GPP_A></flat-profile>"), Reason.MALFORMED_XML, "DTDs are not accepted");
        assertRefused(() -> FlatProfileXml.parse("<!DOCTYPE flat-profile [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<flat-profile><GPP_A>&c;</GPP_A></flat-profile>"), Reason.MALFORMED_XML, "DTDs are not accepted");
    }

    @Test
    void neverFetchesAnExternalDtdOrEntity() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/evil.dtd";
            assertRefused(() -> FlatProfileXml.parse("<!DOCTYPE flat-profile SYSTEM \"" + url + "\">"
                    + "<flat-profile><GPP_A>x</GPP_A></flat-profile>"), Reason.MALFORMED_XML, "DTDs are not accepted");
            assertRefused(() -> FlatProfileXml.parse("<!DOCTYPE flat-profile [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>"
                    + "<flat-profile><GPP_A>x</GPP_A></flat-profile>"), Reason.MALFORMED_XML, "DTDs are not accepted");

            server.setSoTimeout(200);
            assertThatThrownBy(() -> {
                try (Socket ignored = server.accept()) {
                    // a connection here would mean the parser fetched the DTD
                }
            }).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void doesNotProcessXInclude() {
        assertRefused(() -> FlatProfileXml.parse("<flat-profile xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></flat-profile>"),
                Reason.INVALID_PARAMETER_NAME, "xi:include");
    }

    @Test
    void writesFlatProfileXmlWithEscapingAccessAndEmptyElements() {
        FlatProfile profile = FlatProfile.builder()
                .set("Profile_Rule", "[--key $A] http://prov.example.net/profile/$B/spa962.cfg", HIDDEN)
                .set("GPP_A", "")
                .unchanged("GPP_B")
                .access("GPP_C", READ_WRITE)
                .set("Dial_Plan[1]", "(<9:>xx.|[2-9]xxxxxx)", READ_ONLY)
                .set("Station_Name", "Tom & Jerry's \"desk\"")
                .build();

        String xml = FlatProfileXml.write(profile);

        assertThat(xml).isEqualTo("""
                <flat-profile>
                  <Profile_Rule ua="na">[--key $A] http://prov.example.net/profile/$B/spa962.cfg</Profile_Rule>
                  <GPP_A></GPP_A>
                  <GPP_B/>
                  <GPP_C ua="rw"/>
                  <Dial_Plan_1_ ua="ro">(&lt;9:&gt;xx.|[2-9]xxxxxx)</Dial_Plan_1_>
                  <Station_Name>Tom &amp; Jerry's "desk"</Station_Name>
                </flat-profile>
                """);
        assertThat(FlatProfileXml.parse(xml)).isEqualTo(profile);
        assertThat(FlatProfileXml.writeBytes(profile)).isEqualTo(xml.getBytes(StandardCharsets.US_ASCII));
        assertThat(FlatProfileXml.parse(FlatProfileXml.writeBytes(profile))).isEqualTo(profile);
    }

    @Test
    void writesAnEmptyProfileThatParsesBackEmpty() {
        String xml = FlatProfileXml.write(FlatProfile.empty());

        assertThat(xml).isEqualTo("<flat-profile>\n</flat-profile>\n");
        assertThat(FlatProfileXml.parse(xml).isEmpty()).isTrue();
    }

    private static void assertRefused(ThrowingCallable parse, Reason reason, String... messageParts) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }
}
