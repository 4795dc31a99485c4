package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.sealing.SealingKeyPair;
import io.keyturn.sealing.SealingPublicKey;
import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.DeviceCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSecretsTest {

    @Test
    void makesAKeyringAMatchingSealingPairAndAServiceTokenReadableOnlyByItsOwner(@TempDir Path dir) throws Exception {
        StackSecrets secrets = StackSecrets.ensure(dir.resolve("secrets"), DevIssuer.create(dir.resolve("issuer")));

        assertThat(Files.readString(secrets.kekKeyring())).matches("local-1:[0-9a-f]{64}\n");
        SealingKeyPair pair = SealingKeyPair.fromPem(Files.readString(secrets.sealingPrivateKey()));
        assertThat(SealingPublicKey.fromPem(Files.readString(secrets.sealingPublicKey()))).isEqualTo(pair.publicKey());
        assertThat(Files.readString(secrets.deliveryToken())).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.dir()))).isEqualTo("rwx------");
        DeviceCa ca = DeviceCa.load(secrets.deviceCa());
        X509Certificate server = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(secrets.deliveryTlsCert()));
        server.verify(ca.certificate().getPublicKey());
        assertThat(Files.readString(secrets.deviceCas().resolve("keyturn-dev.pem")))
                .as("delivery trusts the dev CA through its CA directory").isEqualTo(ca.certificatePem());
        for (Path file : new Path[] {secrets.kekKeyring(), secrets.sealingPrivateKey(), secrets.deliveryToken(),
            secrets.deliveryTlsKey(), secrets.deviceCa().resolve("ca.key")}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void keepsTheKeysOfAResumedStackSoItsWrappedKeysStillOpen(@TempDir Path dir) throws Exception {
        DevIssuer issuer = DevIssuer.create(dir.resolve("issuer"));
        StackSecrets first = StackSecrets.ensure(dir.resolve("secrets"), issuer);
        String keyring = Files.readString(first.kekKeyring());
        String sealing = Files.readString(first.sealingPrivateKey());
        String deviceCa = Files.readString(first.deviceCa().resolve("ca.pem"));

        StackSecrets again = StackSecrets.ensure(dir.resolve("secrets"), issuer);

        assertThat(Files.readString(again.kekKeyring())).isEqualTo(keyring);
        assertThat(Files.readString(again.sealingPrivateKey())).isEqualTo(sealing);
        assertThat(Files.readString(again.deviceCa().resolve("ca.pem"))).as("device certificates stay valid")
                .isEqualTo(deviceCa);
    }
}
