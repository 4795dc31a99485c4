package io.keyturn.devidentity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTest {

    @TempDir
    Path dir;

    @Test
    void signsTokensThatItsPublicKeyVerifies() throws Exception {
        DevIssuer issuer = DevIssuer.create(dir);
        String token = issuer.mint("alice", List.of("operator"), Duration.ofHours(1));
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);

        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey(issuer.publicKeyFile()));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void carriesIssuerAudienceSubjectRolesAndLifetime() throws Exception {
        DevIssuer issuer = DevIssuer.create(dir);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String claims = claims(issuer.mint("ops@isp", List.of("operator", "auditor"), Duration.ofMinutes(30), now));
        assertThat(claims)
                .contains("\"iss\":\"https://keyturn.local/dev\"", "\"aud\":\"keyturn\"", "\"sub\":\"ops@isp\"",
                        "\"groups\":[\"auditor\",\"operator\"]", "\"iat\":1767225600", "\"exp\":1767227400");
        assertThat(header(issuer.mint("a", List.of(), Duration.ofMinutes(1)))).contains("\"alg\":\"RS256\"");
    }

    @Test
    void aLoadedIssuerSignsWithTheSameKey() throws Exception {
        DevIssuer created = DevIssuer.create(dir);
        String token = DevIssuer.load(dir).mint("bob", List.of("auditor"), Duration.ofMinutes(5));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey(created.publicKeyFile()));
        String[] parts = token.split("\\.");
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void keepsThePrivateKeyReadableByItsOwnerOnly() throws Exception {
        DevIssuer.create(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private.pem"))))
                .isEqualTo("rw-------");
        assertThat(DevIssuer.create(dir).toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesAnUnknownRole() throws Exception {
        DevIssuer issuer = DevIssuer.create(dir);
        assertThatThrownBy(() -> issuer.mint("alice", List.of("root"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown role 'root' (known: auditor, fleet-admin, keyturn-service, operator)");
    }

    @Test
    void refusesASubjectThatWouldNeedEscaping() throws Exception {
        DevIssuer issuer = DevIssuer.create(dir);
        assertThatThrownBy(() -> issuer.mint("a\",\"groups\":[\"fleet-admin", List.of(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("subject must be 1 to 64 of");
    }

    @Test
    void refusesALifetimeThatIsNotPositiveOrOverThirtyDays() throws Exception {
        DevIssuer issuer = DevIssuer.create(dir);
        assertThatThrownBy(() -> issuer.mint("a", List.of(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.mint("a", List.of(), Duration.ofDays(31)))
                .hasMessageContaining("at most 30 days");
    }

    @Test
    void saysClearlyWhenThereIsNoKeyToLoad() {
        assertThatThrownBy(() -> DevIssuer.load(dir.resolve("missing")))
                .hasMessage("no dev issuer key in " + dir.resolve("missing"));
    }

    private static PublicKey publicKey(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }
}
