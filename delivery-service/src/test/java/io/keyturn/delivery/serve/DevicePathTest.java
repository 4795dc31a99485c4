package io.keyturn.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DevicePathTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    @ParameterizedTest
    @ValueSource(strings = {"/spa962.cfg", "/bootstrap/spa000e08aabbcc.cfg", "/bootstrap/000e08aabbcc.xml",
        "/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg", "/profile/a-b_c.d/x"})
    void acceptsPublishedPathShapesAsTheyAre(String path) {
        assertThat(DevicePath.check(path)).hasValue(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "spa962.cfg", "/profile/../spa962.cfg", "/profile/./spa962.cfg", "/..",
        "/profile//spa962.cfg", "/profile/dir/", "/spa962.cfg%00", "/%2e%2e/spa962.cfg", "/profile%2fx",
        "/a\\b", "/a b", "/a\u0000b", "/caf\u00e9.cfg", "/a~b", "/a?b", "/a;b", "/a:b", "/a#b"})
    void refusesAnythingElse(String path) {
        assertThat(DevicePath.check(path)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("randomPaths")
    void acceptsOnlyPathsOfCleanSegments(String path) {
        boolean clean = path.matches("(/[A-Za-z0-9._-]+)+") && path.length() <= DevicePath.MAX_LENGTH
                && Stream.of(path.substring(1).split("/")).noneMatch(s -> s.equals(".") || s.equals(".."));
        assertThat(DevicePath.check(path).isPresent()).as("%s (seed %d)", path, SEED).isEqualTo(clean);
    }

    static Stream<String> randomPaths() {
        Random random = new Random(SEED);
        String alphabet = "ab9._-/%\\~ \u0000.";
        return Stream.generate(() -> {
            StringBuilder b = new StringBuilder("/");
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return b.toString();
        }).limit(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bootstrap/000e08aabbcc.xml"})
    void findsTheMacOfAnMtlsBootstrapPath(String path) {
        assertThat(DevicePath.mtlsBootstrapMac(path)).hasValue("000e08aabbcc");
        assertThat(DevicePath.mtlsBootstrapMac("/bootstrap/spa000e08aabbcc.cfg")).isEmpty();
        assertThat(DevicePath.claimedMac("/bootstrap/spa000e08aabbcc.cfg")).isEqualTo("000e08aabbcc");
        assertThat(DevicePath.claimedMac("/profile/x/spa962.cfg")).isNull();
    }

    @org.junit.jupiter.api.Test
    void refusesPathsLongerThanTheEventContractAllows() {
        String longest = "/" + "a".repeat(DevicePath.MAX_LENGTH - 1);
        assertThat(DevicePath.check(longest)).isPresent();
        assertThat(DevicePath.check(longest + "a")).isEmpty();
    }
}
