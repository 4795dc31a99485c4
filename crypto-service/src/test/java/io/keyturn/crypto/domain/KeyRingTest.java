package io.keyturn.crypto.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final String K1 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String K2 = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private static final byte[] SECRET = "a-device-key".getBytes(StandardCharsets.US_ASCII);

    @Test
    void wrapsUnderTheActiveKekAndUnwrapsUnderAnyInTheRing() {
        KeyRing old = KeyRing.parse("kek-1:" + K1 + "\n", "kek-1");
        WrappedKey wrapped = old.wrap(SECRET, "000e08aabbcc/1");
        KeyRing both = KeyRing.parse("# ring\nkek-1:" + K1 + "\n\nkek-2:" + K2 + "\n", "kek-2");
        assertThat(both.unwrap(wrapped, "000e08aabbcc/1")).isEqualTo(SECRET);
        WrappedKey rewrapped = both.rewrap(wrapped, "000e08aabbcc/1");
        assertThat(rewrapped.kekId()).isEqualTo("kek-2");
        assertThat(both.unwrap(rewrapped, "000e08aabbcc/1")).isEqualTo(SECRET);
    }

    @Test
    void refusesAKeyMovedToAnotherRow() {
        KeyRing ring = KeyRing.parse("kek-1:" + K1, "kek-1");
        WrappedKey wrapped = ring.wrap(SECRET, "000e08aabbcc/1");
        assertThatThrownBy(() -> ring.unwrap(wrapped, "000e08aabbcc/2")).isInstanceOf(KekException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void refusesAnUnknownKekId() {
        WrappedKey wrapped = KeyRing.parse("kek-1:" + K1, "kek-1").wrap(SECRET, "x");
        assertThatThrownBy(() -> KeyRing.parse("kek-2:" + K2, "kek-2").unwrap(wrapped, "x"))
                .isInstanceOf(KekException.class).hasMessageContaining("no KEK with id kek-1");
    }

    @Test
    void refusesAMalformedLineWithoutQuotingIt() {
        assertThatThrownBy(() -> KeyRing.parse("kek-1:" + K1 + "\nkek-2:" + K2.substring(2), "kek-1"))
                .isInstanceOf(KekException.class).hasMessageContaining("line 2").hasMessageNotContaining(K2.substring(2));
    }

    @Test
    void refusesAnActiveIdNotInTheRing() {
        assertThatThrownBy(() -> KeyRing.parse("kek-1:" + K1, "kek-9")).isInstanceOf(KekException.class)
                .hasMessageContaining("kek-9");
    }

    @Test
    void refusesARepeatedId() {
        assertThatThrownBy(() -> KeyRing.parse("kek-1:" + K1 + "\nkek-1:" + K2, "kek-1"))
                .isInstanceOf(KekException.class).hasMessageContaining("repeats");
    }

    @Test
    void toStringNamesIdsOnly() {
        assertThat(KeyRing.parse("kek-1:" + K1, "kek-1").toString()).doesNotContain(K1);
    }
}
