package io.keyturn.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

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
}
