package io.keyturn.protocol.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyturn.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests over seeded random profiles ({@link RandomProfiles}): 500 cases each, replayable with
 * {@code -Dkeyturn.seed=N}.
 */
class ProfileRoundTripTest {

    private static final int CASES = 500;

    static LongStream seeds() {
        return RandomProfiles.caseSeeds(CASES);
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void xmlWriteThenParseGivesBackTheProfile(long seed) {
        FlatProfile profile = RandomProfiles.profile(new Random(seed));

        assertThat(FlatProfileXml.parse(FlatProfileXml.write(profile))).as(RandomProfiles.describe(seed)).isEqualTo(profile);
        assertThat(FlatProfileXml.parse(FlatProfileXml.writeBytes(profile))).as(RandomProfiles.describe(seed)).isEqualTo(profile);
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void spcWriteThenParseGivesBackTheProfile(long seed) {
        FlatProfile profile = RandomProfiles.spcProfile(new Random(seed));

        assertThat(SpcSource.parse(SpcSource.write(profile))).as(RandomProfiles.describe(seed)).isEqualTo(profile);
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void spcThroughXmlAndBackKeepsTheEffectiveProfile(long seed) {
        Random random = new Random(seed);
        String source = noisySpc(random, statements(random, true));
        FlatProfile compiled = SpcSource.parse(source);

        FlatProfile viaXml = FlatProfileXml.parse(FlatProfileXml.write(compiled));
        String backToSpc = SpcSource.write(viaXml);

        assertThat(viaXml).as(RandomProfiles.describe(seed)).isEqualTo(compiled);
        assertThat(SpcSource.parse(backToSpc)).as(RandomProfiles.describe(seed)).isEqualTo(compiled);
        assertThat(SpcSource.write(SpcSource.parse(backToSpc))).as("SPC output is stable; " + RandomProfiles.describe(seed))
                .isEqualTo(backToSpc);
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void parsingSpcAppliesStatementsInOrderAsTheDeviceDoes(long seed) {
        Random random = new Random(seed);
        List<Parameter> statements = statements(random, true);

        assertThat(SpcSource.parse(noisySpc(random, statements))).as(RandomProfiles.describe(seed))
                .isEqualTo(appliedInOrder(statements));
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void parsingXmlAppliesElementsInOrderAsTheDeviceDoes(long seed) {
        Random random = new Random(seed);
        List<Parameter> statements = statements(random, false);

        assertThat(FlatProfileXml.parse(noisyXml(random, statements))).as(RandomProfiles.describe(seed))
                .isEqualTo(appliedInOrder(statements));
    }

    @ParameterizedTest(name = "case seed {0}")
    @MethodSource("seeds")
    void damagedInputIsRefusedWithAProtocolExceptionOrStillParses(long seed) {
        Random random = new Random(seed);
        FlatProfile profile = RandomProfiles.spcProfile(random);
        String xml = damage(random, FlatProfileXml.write(profile));
        String spc = damage(random, SpcSource.write(profile));

        Throwable xmlFailure = catchThrowable(() -> FlatProfileXml.parse(xml));
        Throwable spcFailure = catchThrowable(() -> SpcSource.parse(spc));

        assertThat(xmlFailure).as(RandomProfiles.describe(seed)).satisfiesAnyOf(
                t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ProtocolException.class));
        assertThat(spcFailure).as(RandomProfiles.describe(seed)).satisfiesAnyOf(
                t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ProtocolException.class));
    }

    /** Up to 30 parameters over a small set of names, so that many repeat. */
    private static List<Parameter> statements(Random random, boolean spc) {
        List<String> names = new ArrayList<>();
        for (int i = 1 + random.nextInt(10); i > 0; i--) {
            names.add(RandomProfiles.name(random));
        }
        List<Parameter> statements = new ArrayList<>();
        for (int i = random.nextInt(31); i > 0; i--) {
            Parameter p = RandomProfiles.parameter(random, spc);
            String name = names.get(random.nextInt(names.size()));
            statements.add(p.hasValue() ? Parameter.of(name, p.value().orElseThrow(), p.access().orElse(null))
                    : Parameter.unchanged(name, p.access().orElse(null)));
        }
        return statements;
    }

    /**
     * The reference semantics, written out independently of {@link FlatProfile#apply}: each statement
     * in turn replaces the value if it has one and the access if it states one; first mention fixes the
     * position.
     */
    private static FlatProfile appliedInOrder(List<Parameter> statements) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, UserAccess> access = new HashMap<>();
        for (Parameter p : statements) {
            if (p.hasValue()) {
                values.put(p.name(), p.value().orElseThrow());
            } else {
                values.putIfAbsent(p.name(), null);
            }
            p.access().ifPresent(a -> access.put(p.name(), a));
        }
        FlatProfile.Builder expected = FlatProfile.builder();
        values.forEach((name, value) -> expected.put(value == null ? Parameter.unchanged(name, access.get(name))
                : Parameter.of(name, value, access.get(name))));
        return expected.build();
    }

    /** SPC source for the statements with random spacing, line breaks, comments and name spellings. */
    private static String noisySpc(Random random, List<Parameter> statements) {
        StringBuilder spc = new StringBuilder();
        for (Parameter p : statements) {
            spc.append(random.nextInt(4) == 0 ? "# a comment: \"quoted\" ; ! ?\n" : "");
            spc.append(random.nextBoolean() ? ParameterNames.toSpc(p.name()) : p.name());
            String mark = p.access().orElseThrow().spcMark();
            if (!mark.isEmpty()) {
                spc.append(gap(random)).append(mark);
            }
            if (p.hasValue()) {
                String value = p.value().orElseThrow();
                // Escapes every backslash, which the writer does only where it must: both must read the same.
                String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
                spc.append(gap(random)).append('"').append(pad(random)).append(escaped).append(pad(random)).append('"');
            }
            spc.append(gap(random)).append(';').append(random.nextInt(3) == 0 ? " # trailing\r\n" : "\n");
        }
        return spc.toString();
    }

    /** Whitespace that may break lines and hold comments, or nothing when the next token can touch. */
    private static String gap(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> " ";
            case 1 -> "\t ";
            case 2 -> "\n  ";
            case 3 -> "  # comment\n ";
            default -> " \r\n";
        };
    }

    private static String pad(Random random) {
        return random.nextInt(4) == 0 ? " \t " : "";
    }

    /** XML for the statements inside wrappers, with entities, character references, CDATA and line breaks. */
    private static String noisyXml(Random random, List<Parameter> statements) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!-- keyturn -->\n<device><meta x=\"1\"/>\n<flat-profile>\n");
        for (Parameter p : statements) {
            xml.append(random.nextBoolean() ? "  " : "\n\t").append('<').append(p.name());
            if (random.nextInt(4) == 0) {
                xml.append(" group=\"x&amp;y\"");
            }
            p.access().ifPresent(a -> xml.append(random.nextBoolean() ? " ua=\"" : " ua='").append(a.code())
                    .append(xml.charAt(xml.length() - a.code().length() - 1)));
            if (!p.hasValue()) {
                xml.append(random.nextBoolean() ? "/>" : " />");
            } else {
                xml.append('>').append(random.nextBoolean() ? "\n   " : "");
                encodeNoisily(random, p.value().orElseThrow(), xml);
                xml.append(random.nextBoolean() ? " \r\n " : "").append("</").append(p.name()).append('>');
            }
            xml.append(random.nextInt(5) == 0 ? "<!-- c -->\n" : "\n");
        }
        return xml.append("</flat-profile>\n</device>\n").toString();
    }

    private static void encodeNoisily(Random random, String value, StringBuilder xml) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int style = random.nextInt(8);
            if (c == ' ' && style == 0) {
                xml.append('\n');
            } else if (style == 1) {
                xml.append("&#").append((int) c).append(';');
            } else if (style == 2) {
                xml.append("&#x").append(Integer.toHexString(c)).append(';');
            } else if (style == 3 && c != ']' && c != '>') {
                xml.append("<![CDATA[").append(c).append("]]>");
            } else {
                switch (c) {
                    case '&' -> xml.append("&amp;");
                    case '<' -> xml.append("&lt;");
                    case '>' -> xml.append(random.nextBoolean() ? "&gt;" : ">");
                    case '"' -> xml.append(random.nextBoolean() ? "&quot;" : "\"");
                    case '\'' -> xml.append(random.nextBoolean() ? "&apos;" : "'");
                    default -> xml.append(c);
                }
            }
        }
    }

    /** Truncates, deletes, duplicates or replaces a random part of the text. */
    private static String damage(Random random, String text) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
            case 2 -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 12)) + text.substring(at);
            default -> text.substring(0, at) + "<>&\"';#!?\u00e9\u0000]]>".charAt(random.nextInt(14)) + text.substring(at + 1);
        };
    }
}
