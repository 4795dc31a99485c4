package io.keyturn.protocol.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path of {@link FlatProfileXml#parse} ({@link FlatProfileXml.PlainForm}) against the general StAX parse, on
 * seeded random profiles as {@link FlatProfileXml#write} writes them and on random damage to them
 * ({@code -Dkeyturn.seed=N}): whenever the fast path answers, the general parse accepts the document and gives the
 * same profile; whenever the general parse refuses one, the fast path has left it alone.
 */
class PlainFormParseTest {

    private static final int CASES = 400;
    /** What damage inserts: markup, entity starts, line ends, a non-ASCII and a control character. */
    private static final String DAMAGE = "<>&;/\"'= \n\r\t]![?#xa\u00e9\u0001";

    static LongStream seeds() {
        return RandomProfiles.caseSeeds(CASES);
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void readsWhatTheWriterWritesAsTheGeneralParseDoes(long seed) {
        FlatProfile profile = RandomProfiles.profile(new Random(seed));
        String xml = FlatProfileXml.write(profile);

        assertThat(FlatProfileXml.PlainForm.parse(xml)).as(RandomProfiles.describe(seed)).isEqualTo(profile)
                .isEqualTo(FlatProfileXml.parseXml(xml));
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void answersDamagedDocumentsOnlyAsTheGeneralParseDoes(long seed) {
        Random random = new Random(seed);
        String xml = FlatProfileXml.write(RandomProfiles.profile(random));
        for (int round = 0; round < 8; round++) {
            xml = damaged(xml, random);
            String doc = xml;
            FlatProfile fast = FlatProfileXml.PlainForm.parse(doc);
            if (fast != null) {
                assertThatCode(() -> FlatProfileXml.parseXml(doc)).as("%s, round %d: %s", RandomProfiles.describe(seed),
                        round, doc).doesNotThrowAnyException();
                assertThat(fast).as("%s, round %d: %s", RandomProfiles.describe(seed), round, doc)
                        .isEqualTo(FlatProfileXml.parseXml(doc));
            }
        }
    }

    @Test
    void readsTheSampleProfileOnTheFastPath() {
        String xml = new String(sample(), StandardCharsets.ISO_8859_1);

        FlatProfile fast = FlatProfileXml.PlainForm.parse(xml);

        assertThat(fast).isNotNull().isEqualTo(FlatProfileXml.parseXml(xml));
        assertThat(fast.size()).isGreaterThan(900);
    }

    @Test
    void leavesOtherFormsToTheGeneralParse() {
        for (String xml : new String[] {
            "<?xml version=\"1.0\"?><flat-profile><A>1</A></flat-profile>",
            "<flat-profile><A a=\"1\">1</A></flat-profile>",
            "<flat-profile><A>&#65;</A></flat-profile>",
            "<flat-profile><A><![CDATA[x]]></A></flat-profile>",
            "<flat-profile><!-- c --><A>1</A></flat-profile>",
            "<flat-profile><A>1\n2</A></flat-profile>",
            "<flat-profile><A ua=\"xx\">1</A></flat-profile>",
            "<flat-profile><A>1</B></flat-profile>",
            "<flat-profile><A>1</A></flat-profile><B/>",
            "<flat-profile><A>1</A>",
        }) {
            assertThat(FlatProfileXml.PlainForm.parse(xml)).as(xml).isNull();
        }
    }

    private static String damaged(String xml, Random random) {
        int at = random.nextInt(xml.length() + 1);
        char c = DAMAGE.charAt(random.nextInt(DAMAGE.length()));
        return switch (random.nextInt(3)) {
            case 0 -> xml.substring(0, at) + c + xml.substring(at);
            case 1 -> at < xml.length() ? xml.substring(0, at) + xml.substring(at + 1) : xml;
            default -> at < xml.length() ? xml.substring(0, at) + c + xml.substring(at + 1) : xml + c;
        };
    }

    private static byte[] sample() {
        try (InputStream in = PlainFormParseTest.class.getResourceAsStream("/profiles/spa962-sample.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
