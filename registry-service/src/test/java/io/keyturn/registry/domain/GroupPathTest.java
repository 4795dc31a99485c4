package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupPathTest {

    @Test
    void listsPrefixesFromTheBroadest() {
        assertThat(new GroupPath("region/north/city").prefixes())
                .containsExactly("region", "region/north", "region/north/city");
    }

    @Test
    void isWithinItsPrefixesButNotASiblingWithTheSameStart() {
        GroupPath p = new GroupPath("region/north");

        assertThat(p.isWithin("region")).isTrue();
        assertThat(p.isWithin("region/north")).isTrue();
        assertThat(p.isWithin("reg")).isFalse();
        assertThat(new GroupPath("region/northwest").isWithin("region/north")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/region", "region/", "region//north", "region/../etc", ".", "région", "a b",
            "region'; DROP TABLE device;--"})
    void refusesMalformedPaths(String bad) {
        assertThatThrownBy(() -> new GroupPath(bad)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("must be /-separated segments");
    }

    @Test
    void blankMeansNoGroup() {
        assertThat(GroupPath.ofNullable("  ")).isNull();
    }
}
