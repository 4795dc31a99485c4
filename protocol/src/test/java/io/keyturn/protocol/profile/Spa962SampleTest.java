package io.keyturn.protocol.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark's sample profile ({@code profiles/spa962-sample.xml}) is realistic and in our own layout. */
class Spa962SampleTest {

    private static byte[] xml;
    private static FlatProfile profile;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Spa962SampleTest.class.getResourceAsStream("/profiles/spa962-sample.xml")) {
            xml = in.readAllBytes();
        }
        profile = FlatProfileXml.parse(xml);
    }

    @Test
    void isAbout60KilobytesOfXml() {
        assertThat(xml.length).isBetween(55_000, 65_000);
        assertThat(profile.size()).isGreaterThan(900);
    }

    @Test
    void configuresSixLinesAndTheProvisioningParameters() {
        IntStream.rangeClosed(1, 6).forEach(n -> assertThat(profile.parameters()).extracting(Parameter::name)
                .contains("Line_Enable_" + n + "_", "Proxy_" + n + "_", "User_ID_" + n + "_", "Password_" + n + "_",
                        "Dial_Plan_" + n + "_", "Display_Name_" + n + "_"));
        "ABCDEFGHIJKLMNOP".chars().forEach(c -> assertThat(profile.parameter("GPP_" + (char) c)).isPresent());
        assertThat(profile.value("Station_Name")).contains("Reception 0017");
        assertThat(profile.value("Resync_Periodic")).contains("3600");
        assertThat(profile.value("Profile_Rule")).hasValueSatisfying(rule -> assertThat(rule)
                .contains("\"$CCERT\" eq \"Installed\"", "[--key $A]", "/profile/$B/spa962.cfg"));
        assertThat(profile.value("Dial_Plan_1_")).hasValueSatisfying(plan -> assertThat(plan).startsWith("(<9:>"));
        assertThat(profile.parameter("Speed_Dial_2_")).hasValueSatisfying(p -> {
            assertThat(p.hasValue()).isFalse();
            assertThat(p.access()).contains(UserAccess.READ_WRITE);
        });
    }

    @Test
    void isWrittenExactlyAsFlatProfileXmlWritesIt() {
        assertThat(FlatProfileXml.writeBytes(profile)).isEqualTo(xml);
    }

    @Test
    void parsesTheSameOnManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<FlatProfile>> results = pool.invokeAll(Collections.nCopies(64, () -> FlatProfileXml.parse(xml)));
            for (Future<FlatProfile> result : results) {
                assertThat(result.get()).isEqualTo(profile);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void survivesTheTripThroughSpcSource() {
        FlatProfile viaSpc = SpcSource.parse(SpcSource.write(profile));

        assertThat(viaSpc).isEqualTo(profile);
    }
}
