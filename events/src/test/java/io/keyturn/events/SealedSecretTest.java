package io.keyturn.events;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedSecretTest {

    private static final String ALG = "hpke-x25519-sha256-aes256gcm";

    @Test
    void showsSizeAndDigestButNeverTheCiphertext() {
        SealedSecret sealed = GoldenEvents.STAGING_KEY;
        assertThat(sealed.toString())
                .isEqualTo("SealedSecret[algorithm=hpke-x25519-sha256-aes256gcm, recipientKeyId=crypto-2026-11, "
                        + "ciphertext=80 bytes sha256:" + GoldenEvents.sha256(sealed.ciphertextBytes()) + "]")
                .doesNotContain(sealed.ciphertext().substring(0, 12));
    }

    @Test
    void refusesCiphertextThatIsNotCanonicalBase64() {
        assertInvalid(() -> new SealedSecret(ALG, "k1", "AQID BA=="), "ciphertext must be standard Base64");
        assertInvalid(() -> new SealedSecret(ALG, "k1", "AQIDBA"), "ciphertext must be canonical standard Base64 with padding");
        assertInvalid(() -> new SealedSecret(ALG, "k1", "AQIDBB=="), "ciphertext must be canonical standard Base64 with padding");
        assertInvalid(() -> new SealedSecret(ALG, "k1", "_-_-"), "ciphertext must be standard Base64");
        assertInvalid(() -> new SealedSecret(ALG, "k1", ""), "ciphertext must not be empty");
    }

    @Test
    void acceptsExactlyTheOneEncodingOfTheBytesAmongEveryVariantOfTheLastQuantumTheDecoderTakes() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        java.util.Random random = new java.util.Random(7);
        int accepted = 0;
        int refused = 0;
        for (int length = 1; length <= 9; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String canonical = Base64.getEncoder().encodeToString(bytes);
            String head = canonical.substring(0, canonical.length() - 4);
            // Every last quantum of four characters that still decodes, and the same without its padding.
            for (char a : alphabet.toCharArray()) {
                for (char b : alphabet.toCharArray()) {
                    for (char c : new char[] {canonical.charAt(canonical.length() - 2), 'A', 'B', '='}) {
                        for (char d : new char[] {canonical.charAt(canonical.length() - 1), 'A', 'B', '='}) {
                            String quantum = "" + a + b + c + d;
                            for (String value : new String[] {head + quantum, head + quantum.replace("=", "")}) {
                                byte[] decoded;
                                try {
                                    decoded = Base64.getDecoder().decode(value);
                                } catch (IllegalArgumentException notBase64) {
                                    continue;
                                }
                                if (decoded.length == 0) {
                                    continue;
                                }
                                boolean isTheEncoding = Base64.getEncoder().encodeToString(decoded).equals(value);
                                try {
                                    new SealedSecret(ALG, "k1", value);
                                    assertThat(isTheEncoding).as(value).isTrue();
                                    accepted++;
                                } catch (EventContractException e) {
                                    assertThat(isTheEncoding).as(value).isFalse();
                                    refused++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void refusesCiphertextOverSixteenKibibytes() {
        String big = Base64.getEncoder().encodeToString(new byte[SealedSecret.MAX_BYTES + 1]);
        assertInvalid(() -> new SealedSecret(ALG, "k1", big), "ciphertext must decode to at most 16384 bytes");
        assertThat(new SealedSecret(ALG, "k1", Base64.getEncoder().encodeToString(new byte[SealedSecret.MAX_BYTES]))
                .ciphertextBytes()).hasSize(SealedSecret.MAX_BYTES);
    }

    @Test
    void refusesMissingOrMalformedAlgorithmAndKeyId() {
        assertInvalid(() -> new SealedSecret(null, "k1", "AAAA"), "algorithm is required");
        assertInvalid(() -> new SealedSecret("hpke x25519", "k1", "AAAA"),
                "algorithm must be letters, digits, . _ + - (at most 64 characters)");
        assertInvalid(() -> new SealedSecret(ALG, "", "AAAA"),
                "recipientKeyId must be letters, digits, . _ : - (at most 128 characters)");
    }

    @Test
    void handsOutAFreshCopyOfTheBytes() {
        SealedSecret sealed = GoldenEvents.STAGING_KEY;
        sealed.ciphertextBytes()[0] = 42;
        assertThat(sealed.ciphertextBytes()[0]).isEqualTo((byte) 1);
    }
}
