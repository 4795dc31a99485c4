package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {

    @Test
    void mintsAnRs256TokenTheServicesAcceptForTheChosenRole(@TempDir Path dir) throws Exception {
        TestKeys keys = TestKeys.create(dir);
        String token = DevTokens.load(dir).mint("alice", "auditor", Instant.ofEpochSecond(1_800_000_000L));

        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"https://keyturn.local/dev\"", "\"aud\":\"keyturn\"", "\"sub\":\"alice\"",
                "\"groups\":[\"auditor\"]", "\"exp\":" + (1_800_000_000L + 8 * 3600));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void refusesNamesThatCouldBreakTheTokenAndUnknownRoles(@TempDir Path dir) throws Exception {
        TestKeys.create(dir);
        assertThat(DevTokens.checkName("al\"ice")).contains("letters, digits");
        assertThat(DevTokens.checkName(" ")).contains("Enter a name");
        assertThat(DevTokens.checkRole("keyturn-service")).contains("fleet-admin, operator, auditor");
        assertThat(DevTokens.checkName("ops.alice@isp")).isNull();
        assertThatThrownBy(() -> DevTokens.load(dir).mint("x", "root", Instant.now())).isInstanceOf(IllegalArgumentException.class);
    }
}
