package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyDerivationTest {

    static List<Vectors.Kdf> kdfVectors() {
        return Vectors.kdf();
    }

    @ParameterizedTest
    @MethodSource("kdfVectors")
    void derivesTheKeyAndIvThatOpensslEncPrints(Vectors.Kdf vector) {
        KeyDerivation derivation = vector.md().equals("md5") ? KeyDerivation.MD5 : KeyDerivation.SHA256;

        byte[] keyAndIv = derivation.keyAndIv(vector.passphrase().getBytes(StandardCharsets.US_ASCII), vector.salt());

        assertThat(Arrays.copyOfRange(keyAndIv, 0, 32)).as("key").isEqualTo(vector.key());
        assertThat(Arrays.copyOfRange(keyAndIv, 32, 48)).as("iv").isEqualTo(vector.iv());
    }

    @Test
    void coversEveryKindOfKeyTheBriefNames() {
        assertThat(kdfVectors()).extracting(Vectors.Kdf::keyName)
                .contains("phrase", "hex64", "spaces", "one", "empty");
        assertThat(kdfVectors()).extracting(Vectors.Kdf::md).contains("md5", "sha256");
    }

    @Test
    void usesAHexLookingKeyAsLiteralCharactersNotAsHex() {
        byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
        String hexKey = Vectors.key("hex64");

        byte[] asText = KeyDerivation.MD5.keyAndIv(hexKey.getBytes(StandardCharsets.US_ASCII), salt);
        byte[] asDecodedHex = KeyDerivation.MD5.keyAndIv(java.util.HexFormat.of().parseHex(hexKey), salt);

        assertThat(asText).isNotEqualTo(asDecodedHex);
    }
}
