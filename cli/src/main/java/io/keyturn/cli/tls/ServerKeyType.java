package io.keyturn.cli.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The server key types offered; RSA 2048 first because the SPA units' old TLS stacks expect RSA (§6 cipher list). */
public enum ServerKeyType {
    RSA2048("rsa2048", "SHA256withRSA"),
    RSA4096("rsa4096", "SHA256withRSA"),
    EC_P256("ec-p256", "SHA256withECDSA");

    private final String option;
    private final String signatureAlgorithm;

    ServerKeyType(String option, String signatureAlgorithm) {
        this.option = option;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public static ServerKeyType fromOption(String option) {
        for (ServerKeyType t : values()) {
            if (t.option.equals(option)) {
                return t;
            }
        }
        throw new TlsException("--key-type must be rsa2048, rsa4096 or ec-p256, not " + option);
    }

    public String option() {
        return option;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(this == RSA2048 ? 2048 : 4096);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 17 generates RSA and P-256 keys", e);
        }
    }
}
