package io.keyturn.events;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFingerprintTest {

    /** The demo passphrase of generation 7 in the golden events. */
    private static final String PASSPHRASE = "13c43c894489e3fa7e7f76b445e3068205a2a4582dd340eb897a4186c2dbe88d";

    @Test
    void matchesTheShellRecipeInItsJavadoc() {
        // printf 'keyturn-key-fingerprint-v1:%s' 13c43c89...be88d | sha256sum
        assertThat(KeyFingerprint.of(PASSPHRASE.getBytes(US_ASCII)).value())
                .isEqualTo("sha256:aa675736027089dee7e6c7b18596ba4745f40b8c43066ce7324a6302fc358374");
    }

    @Test
    void charAndByteFormsAgree() {
        assertThat(KeyFingerprint.of(PASSPHRASE.toCharArray())).isEqualTo(KeyFingerprint.of(PASSPHRASE.getBytes(US_ASCII)));
    }

    @Test
    void isNotThePlainSha256OfTheKey() {
        String plain = GoldenEvents.sha256(PASSPHRASE.getBytes(US_ASCII));
        assertThat(KeyFingerprint.of(PASSPHRASE.getBytes(US_ASCII)).value()).doesNotContain(plain);
    }

    @Test
    void leavesTheCallersArrayAsItWas() {
        char[] passphrase = PASSPHRASE.toCharArray();
        KeyFingerprint.of(passphrase);
        assertThat(new String(passphrase)).isEqualTo(PASSPHRASE);
    }

    @Test
    void isAPlainJsonString() throws Exception {
        ObjectMapper json = EventJson.newObjectMapper();
        KeyFingerprint fp = GoldenEvents.FP7;
        String text = json.writeValueAsString(fp);
        assertThat(text).isEqualTo("\"" + fp.value() + "\"");
        assertThat(json.readValue(text, KeyFingerprint.class)).isEqualTo(fp);
        assertThat(fp).hasToString(fp.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256:", "aa675736027089dee7e6c7b18596ba4745f40b8c43066ce7324a6302fc358374",
        "sha256:AA675736027089DEE7E6C7B18596BA4745F40B8C43066CE7324A6302FC358374",
        "sha1:aa675736027089dee7e6c7b18596ba4745f40b8c", "sha256:aa67 5736027089dee7e6c7b18596ba4745f40b8c43066ce7324a6302fc35837"})
    void refusesTextThatIsNotAFingerprint(String text) {
        assertThatThrownBy(() -> KeyFingerprint.parse(text))
                .isInstanceOf(EventContractException.class)
                .hasMessage("keyFingerprint must be sha256: and 64 lowercase hexadecimal digits");
    }
}
