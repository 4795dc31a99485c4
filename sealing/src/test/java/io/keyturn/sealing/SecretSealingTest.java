package io.keyturn.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealingTest {

    private static final String CONTEXT = "keyturn/staging-key/v1/000e08aabbcc";
    private static final byte[] SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            .getBytes(StandardCharsets.US_ASCII);

    private final SealingKeyPair pair = SealingKeyPair.generate();

    @Test
    void opensWhatWasSealedForTheSameContext() {
        SealedSecret sealed = SecretSealer.seal(pair.publicKey(), SECRET, CONTEXT);

        assertThat(sealed.algorithm()).isEqualTo("hpke-x25519-sha256-aes256gcm");
        assertThat(sealed.recipientKeyId()).isEqualTo(pair.keyId()).startsWith("x25519-").hasSize(23);
        assertThat(new SecretOpener(List.of(pair)).open(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void sealsDifferentlyEveryTimeAndNeverCarriesThePlaintext() {
        SealedSecret first = SecretSealer.seal(pair.publicKey(), SECRET, CONTEXT);
        SealedSecret second = SecretSealer.seal(pair.publicKey(), SECRET, CONTEXT);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        String bytes = new String(first.ciphertextBytes(), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(new String(SECRET, StandardCharsets.ISO_8859_1));
        assertThat(first.toString()).doesNotContain(first.ciphertext());
    }

    @Test
    void refusesASecretMovedToAnotherDevice() {
        SealedSecret sealed = SecretSealer.seal(pair.publicKey(), SECRET, CONTEXT);

        assertThatThrownBy(() -> new SecretOpener(List.of(pair)).open(sealed, "keyturn/staging-key/v1/000e08aabbcd"))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("does not open")
                .hasMessageNotContaining(new String(SECRET, StandardCharsets.US_ASCII));
    }

    @Test
    void refusesAnAlteredCiphertext() {
        SealedSecret sealed = SecretSealer.seal(pair.publicKey(), SECRET, CONTEXT);
        byte[] bytes = sealed.ciphertextBytes();
        bytes[bytes.length - 1] ^= 1;
        SealedSecret altered = new SealedSecret(sealed.algorithm(), sealed.recipientKeyId(),
                Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> new SecretOpener(List.of(pair)).open(altered, CONTEXT))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void refusesASecretSealedToAKeyItDoesNotHold() {
        SealingKeyPair other = SealingKeyPair.generate();
        SealedSecret sealed = SecretSealer.seal(other.publicKey(), SECRET, CONTEXT);

        assertThatThrownBy(() -> new SecretOpener(List.of(pair)).open(sealed, CONTEXT))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining(other.keyId());
    }

    @Test
    void opensWithTheRightPairWhileTwoAreLoaded() {
        SealingKeyPair next = SealingKeyPair.generate();
        SealedSecret sealed = SecretSealer.seal(next.publicKey(), SECRET, CONTEXT);

        assertThat(new SecretOpener(List.of(pair, next)).open(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void keysSurviveAPemRoundTrip() {
        SealingKeyPair restored = SealingKeyPair.fromPem(pair.toPem());
        SealingPublicKey publicKey = SealingPublicKey.fromPem(pair.publicKey().toPem());

        assertThat(restored.keyId()).isEqualTo(pair.keyId());
        assertThat(publicKey).isEqualTo(pair.publicKey());
        SealedSecret sealed = SecretSealer.seal(publicKey, SECRET, CONTEXT);
        assertThat(new SecretOpener(List.of(restored)).open(sealed, CONTEXT)).isEqualTo(SECRET);
        assertThat(pair.toString()).doesNotContain(pair.toPem());
    }

    @Test
    void readsAKeyMadeByOpenssl(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("seal.pem");
        Process p;
        try {
            p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "X25519", "-out", key.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException noOpenssl) {
            org.junit.jupiter.api.Assumptions.abort("openssl is not installed");
            return;
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        SealingKeyPair fromOpenssl = SealingKeyPair.fromPem(Files.readString(key));
        SealedSecret sealed = SecretSealer.seal(fromOpenssl.publicKey(), SECRET, CONTEXT);
        assertThat(new SecretOpener(List.of(fromOpenssl)).open(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void refusesKeysThatAreNotX25519OrNotPem() {
        assertThatThrownBy(() -> SealingKeyPair.fromPem("not a key")).isInstanceOf(SealingException.class)
                .hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(() -> SealingPublicKey.fromPem(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void refusesEmptySecretsAndBlankContexts() {
        assertThatThrownBy(() -> SecretSealer.seal(pair.publicKey(), new byte[0], CONTEXT))
                .isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> SecretSealer.seal(pair.publicKey(), SECRET, " "))
                .isInstanceOf(SealingException.class);
    }
}
