package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.DeviceCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeviceCertCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LocalStack.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void issuesASipuraShapedCertificateFromTheStacksDeviceCa(@TempDir Path dir) throws Exception {
        DataDir data = new DataDir(dir.resolve("data"));
        StackSecrets secrets = StackSecrets.ensure(data.secrets(), DevIssuer.create(data.issuer()));

        int exit = run("dev", "device-cert", "--data", data.root().toString(), "--mac", "00:0E:08:AA:BB:CC",
                "--serial", "88012BA01234", "--out", dir.resolve("certs").toString());

        assertThat(exit).as(err.toString()).isZero();
        Path cert = dir.resolve("certs/000e08aabbcc.crt");
        Path key = dir.resolve("certs/000e08aabbcc.key");
        assertThat(out.toString()).contains(cert.toString(), key.toString(), "/bootstrap/000e08aabbcc.xml");
        X509Certificate issued = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(cert));
        issued.verify(DeviceCa.load(secrets.deviceCa()).certificate().getPublicKey());
        assertThat(issued.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .contains("ST=000e08aabbcc", "OU=SPA-962", "L=88012BA01234");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void refusesAMalformedMacWithExitTwo(@TempDir Path dir) {
        assertThat(run("dev", "device-cert", "--data", dir.toString(), "--mac", "000e08aabbc")).isEqualTo(2);
        assertThat(err.toString()).contains("--mac must be 12 hex digits").doesNotContain("Exception");
    }

    @Test
    void saysToStartTheStackWhenThereIsNoDeviceCa(@TempDir Path dir) {
        assertThat(run("dev", "device-cert", "--data", dir.toString(), "--mac", "000e08aabbcc", "--out",
                dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("./keyturn up").hasLineCount(1);
    }
}
