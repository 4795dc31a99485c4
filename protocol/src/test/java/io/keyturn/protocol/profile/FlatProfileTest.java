package io.keyturn.protocol.profile;

import static io.keyturn.protocol.profile.UserAccess.HIDDEN;
import static io.keyturn.protocol.profile.UserAccess.READ_ONLY;
import static io.keyturn.protocol.profile.UserAccess.READ_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlatProfileTest {

    @Test
    void buildsAProfileInOrderOfFirstMention() {
        FlatProfile profile = FlatProfile.builder()
                .set("GPP_A", "key")
                .set("Proxy[1]", "sip.example.net", READ_WRITE)
                .unchanged("GPP_B")
                .set("GPP_A", "other key")
                .build();

        assertThat(profile.parameters()).extracting(Parameter::name).containsExactly("GPP_A", "Proxy_1_", "GPP_B");
        assertThat(profile.value("GPP_A")).contains("other key");
        assertThat(profile.value("Proxy_1_")).contains("sip.example.net");
        assertThat(profile.value("Proxy[1]")).as("lookup by SPC name").contains("sip.example.net");
        assertThat(profile.parameter("Proxy_1_").flatMap(Parameter::access)).contains(READ_WRITE);
    }

    @Test
    void tellsAnAbsentValueFromAnEmptyOneAndFromAnUnmentionedParameter() {
        FlatProfile profile = FlatProfile.builder().set("GPP_A", "").unchanged("GPP_B").build();

        assertThat(profile.value("GPP_A")).contains("");
        assertThat(profile.parameter("GPP_A").orElseThrow().hasValue()).isTrue();
        assertThat(profile.value("GPP_B")).isEmpty();
        assertThat(profile.parameter("GPP_B")).get().satisfies(p -> assertThat(p.hasValue()).isFalse());
        assertThat(profile.value("GPP_C")).isEmpty();
        assertThat(profile.parameter("GPP_C")).isEmpty();
        assertThat(profile.value("no such name!")).isEmpty();
    }

    @Test
    void builderChangesOnlyTheAspectEachMethodNames() {
        FlatProfile profile = FlatProfile.builder()
                .set("A", "1", READ_ONLY).set("A", "2")        // value changes, access stays
                .set("B", "1").access("B", READ_WRITE)        // access changes, value stays
                .access("C", HIDDEN)                          // new name: value absent
                .set("D", "1", READ_WRITE).unchanged("D")     // value erased, access stays
                .set("E", "1").remove("E")
                .build();

        assertThat(profile.parameters()).containsExactly(
                Parameter.of("A", "2", READ_ONLY),
                Parameter.of("B", "1", READ_WRITE),
                Parameter.unchanged("C", HIDDEN),
                Parameter.unchanged("D", READ_WRITE));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "'  padded value  '       | padded value",
        "'\ttabbed\t'             | tabbed",
        "'line one\nline two'     | line one line two",
        "'crlf\r\nline'           | crlf line",
        "'cr\rline'               | cr line",
        "'\n'                     | ''",
        "'inner  two\tspaces'     | inner  two\tspaces",
        "'<>&\"'''                | <>&\"'",
    })
    void holdsValuesAsTheDeviceStoresThem(String raw, String stored) {
        assertThat(FlatProfile.builder().set("X", raw).build().value("X")).contains(stored);
    }

    @Test
    void refusesValuesOutsidePrintableAscii() {
        assertThatThrownBy(() -> FlatProfile.builder().set("Station_Name", "Caf\u00e9"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NON_ASCII);
                    assertThat(e.getMessage()).contains("Station_Name", "character 4").doesNotContain("Caf");
                });
        assertThatThrownBy(() -> FlatProfile.builder().set("X", "a\u0001b"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NON_ASCII));
        assertThatThrownBy(() -> FlatProfile.builder().set("X", "a\u007fb"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NON_ASCII));
    }

    @Test
    void refusesBadNames() {
        assertThatThrownBy(() -> FlatProfile.builder().set("9lives", "x"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_PARAMETER_NAME));
    }

    static Stream<Arguments> applyCases() {
        Parameter none = null;
        return Stream.of(
                // base, update, result: §4.3 absent value leaves it, present (even empty) sets it
                Arguments.of(Parameter.of("X", "old"), Parameter.of("X", "new"), Parameter.of("X", "new")),
                Arguments.of(Parameter.of("X", "old"), Parameter.of("X", ""), Parameter.of("X", "")),
                Arguments.of(Parameter.of("X", "old"), Parameter.unchanged("X", null), Parameter.of("X", "old")),
                // access: stated replaces, unstated keeps (§4.1 Some_Entry ! ; changes access only)
                Arguments.of(Parameter.of("X", "old", READ_ONLY), Parameter.of("X", "new"),
                        Parameter.of("X", "new", READ_ONLY)),
                Arguments.of(Parameter.of("X", "old", READ_ONLY), Parameter.unchanged("X", READ_WRITE),
                        Parameter.of("X", "old", READ_WRITE)),
                Arguments.of(Parameter.of("X", "old"), Parameter.of("X", "new", HIDDEN), Parameter.of("X", "new", HIDDEN)),
                Arguments.of(Parameter.unchanged("X", null), Parameter.unchanged("X", null), Parameter.unchanged("X", null)),
                // not mentioned: unchanged both ways
                Arguments.of(Parameter.of("X", "old", READ_WRITE), none, Parameter.of("X", "old", READ_WRITE)),
                Arguments.of(none, Parameter.unchanged("X", READ_ONLY), Parameter.unchanged("X", READ_ONLY)));
    }

    @ParameterizedTest(name = "{0} then {1} = {2}")
    @MethodSource("applyCases")
    void appliesAnUpdateAsTheDeviceDoes(Parameter base, Parameter update, Parameter result) {
        FlatProfile before = base == null ? FlatProfile.empty() : FlatProfile.builder().put(base).build();
        FlatProfile change = update == null ? FlatProfile.empty() : FlatProfile.builder().put(update).build();

        assertThat(before.apply(change).parameters()).containsExactly(result);
    }

    @Test
    void applyKeepsBasePositionsAndAppendsNewNames() {
        FlatProfile template = FlatProfile.builder().set("A", "1").set("B", "2").set("C", "3").build();
        FlatProfile perDevice = FlatProfile.builder().set("D", "4").set("B", "two").build();

        FlatProfile rendered = template.apply(perDevice);

        assertThat(rendered.parameters()).extracting(Parameter::name).containsExactly("A", "B", "C", "D");
        assertThat(rendered.value("B")).contains("two");
        assertThat(rendered.value("D")).contains("4");
        assertThat(template.value("B")).as("the template is untouched").contains("2");
        assertThat(template.size()).isEqualTo(3);
    }

    @Test
    void applyIsAssociative() {
        RandomProfiles.caseSeeds(200).forEach(seed -> {
            Random random = new Random(seed);
            FlatProfile a = RandomProfiles.profile(random);
            FlatProfile b = RandomProfiles.profile(random);
            FlatProfile c = RandomProfiles.profile(random);
            assertThat(a.apply(b).apply(c)).as(RandomProfiles.describe(seed)).isEqualTo(a.apply(b.apply(c)));
        });
    }

    @Test
    void isImmutable() {
        FlatProfile.Builder builder = FlatProfile.builder().set("A", "1");
        FlatProfile profile = builder.build();
        builder.set("A", "2").set("B", "3");

        assertThat(profile.value("A")).contains("1");
        assertThat(profile.size()).isEqualTo(1);
        List<Parameter> parameters = profile.parameters();
        assertThatThrownBy(() -> parameters.set(0, Parameter.of("A", "x")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(profile.toBuilder().set("A", "9").build().value("A")).contains("9");
        assertThat(profile.value("A")).contains("1");
    }

    @Test
    void comparesParametersAndTheirOrder() {
        FlatProfile ab = FlatProfile.builder().set("A", "1").set("B", "2").build();

        assertThat(ab).isEqualTo(FlatProfile.builder().set("A", "1").set("B", "2").build())
                .hasSameHashCodeAs(FlatProfile.builder().set("A", "1").set("B", "2").build());
        assertThat(ab).isNotEqualTo(FlatProfile.builder().set("B", "2").set("A", "1").build());
        assertThat(ab).isNotEqualTo(FlatProfile.builder().set("A", "1").set("B", "2", READ_WRITE).build());
        assertThat(ab).isNotEqualTo(FlatProfile.builder().set("A", "1").unchanged("B").build());
    }

    @Test
    void neverShowsValuesInToString() {
        FlatProfile profile = FlatProfile.builder().set("GPP_A", "s3cr3t-key", HIDDEN).set("Password_1_", "hunter2").build();

        assertThat(profile.toString()).contains("GPP_A", "Password_1_").doesNotContain("s3cr3t", "hunter2");
        assertThat(profile.parameters().get(0).toString()).contains("GPP_A", "na").doesNotContain("s3cr3t");
    }
}
