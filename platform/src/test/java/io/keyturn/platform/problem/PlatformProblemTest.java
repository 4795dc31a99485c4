package io.keyturn.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformProblemTest {

    @Test
    void givesEachReasonItsOwnTypeUri() {
        Set<String> types = Arrays.stream(PlatformProblem.values()).map(p -> p.type().toString())
                .collect(Collectors.toSet());
        assertThat(types).hasSize(PlatformProblem.values().length)
                .allMatch(t -> t.matches("https://keyturn\\.io/problems/[a-z]+(-[a-z]+)*"));
    }

    @ParameterizedTest
    @CsvSource({"400, MALFORMED_REQUEST", "401, UNAUTHENTICATED", "404, NOT_FOUND", "405, METHOD_NOT_ALLOWED",
            "413, PAYLOAD_TOO_LARGE", "415, UNSUPPORTED_MEDIA_TYPE", "409, HTTP_ERROR", "503, INTERNAL_ERROR"})
    void mapsAStatusFromJaxRsToAPlatformReason(int status, PlatformProblem expected) {
        assertThat(PlatformProblem.forStatus(status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Device_Not_Found, 404", "device not found, 404", "-device, 404", "device-not-found, 200",
            "device-not-found, 600"})
    void refusesADefinitionWithABadCodeOrAStatusThatIsNoError(String code, int status) {
        assertThatThrownBy(() -> new ProblemType.Definition(code, "Device not found", status))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesCodeTitleAndStatusFromTheDefinition() {
        assertThat(PlatformProblem.PAYLOAD_TOO_LARGE.code()).isEqualTo("payload-too-large");
        assertThat(PlatformProblem.PAYLOAD_TOO_LARGE.status()).isEqualTo(413);
        assertThat(PlatformProblem.PAYLOAD_TOO_LARGE.title()).isEqualTo("Request body too large");
    }
}
