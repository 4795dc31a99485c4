package io.keyturn.delivery.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/spa962.cfg, /spa962.cfg",
            "spa962.cfg, /spa962.cfg",
            "//spa962.cfg, /spa962.cfg",
            "./spa962.cfg, /spa962.cfg",
            "/profile/Dz3P/spa962.cfg, /profile/Dz3P/spa962.cfg",
            "profile//Dz3P/./spa962.cfg/, /profile/Dz3P/spa962.cfg",
            "/SPA962.CFG, /SPA962.CFG",
            "/a..b/...,  /a..b/...",
            "/%2e%2e/x, /%2e%2e/x",
            "'/name with space', '/name with space'"})
    void normalisesToOneLeadingSlashAndNoEmptyOrDotSegments(String requested, String expected) {
        assertThat(RequestPath.normalise(requested)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "//", ".", "/./", "..", "/..", "../x", "/a/../b", "/a/b/..", "a\\b", "\\spa962.cfg",
            "/a\u0000b", "/a\nb", "/caf\u00e9", "/a\u007fb"})
    void refusesUnsafeOrEmptyPaths(String requested) {
        assertThat(RequestPath.normalise(requested)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void refusesNamesLongerThanTheLimit() {
        assertThat(RequestPath.normalise("/" + "a".repeat(RequestPath.MAX_LENGTH))).isEmpty();
        assertThat(RequestPath.normalise("/" + "a".repeat(RequestPath.MAX_LENGTH - 1))).isPresent();
    }
}
