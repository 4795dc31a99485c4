package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsCommandsTest {

    private static KeyPair caKeys;
    private static X509Certificate ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeAVendorCa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        caKeys = g.generateKeyPair();
        ca = sign(new X500Name("CN=Sipura Test CA"), caKeys.getPublic(), new X500Name("CN=Sipura Test CA"), caKeys.getPrivate(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)), true);
    }

    @Test
    void makesA0600KeyAndARequestWhoseSubjectIsTheServerName() throws Exception {
        Cli.Result r = Cli.run("tls", "csr", "--cn", "prov.example.net/mailto:ops@example.net", "--san", "prov2.example.net",
                "--out", dir.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("send server.csr (never server.key)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key")))).isEqualTo("rw-------");
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) new PEMParser(
                new StringReader(Files.readString(dir.resolve("server.csr")))).readObject();
        assertThat(csr.getSubject().toString()).isEqualTo("CN=prov.example.net/mailto:ops@example.net");
        assertThat(csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .build(csr.getSubjectPublicKeyInfo()))).isTrue();
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void encryptsTheKeyWithAPassphraseFromAFile() throws Exception {
        Path pass = dir.resolve("pass");
        Files.writeString(pass, "correct horse battery staple\n");
        Path out = dir.resolve("out");

        Cli.Result r = Cli.run("tls", "csr", "--cn", "prov.example.net", "--passphrase-file", pass.toString(),
                "--key-type", "ec-p256", "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("server.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example.net", "prov", "10.0.0.1", "prov..example.net", "-prov.example.net"})
    void refusesANameTheDevicesOrTheVendorWouldNotAccept(String cn) {
        Cli.Result r = Cli.run("tls", "csr", "--cn", cn, "--out", dir.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(dir.resolve("server.key")).doesNotExist();
    }

    @Test
    void neverOverwritesAnExistingKey() throws Exception {
        Files.writeString(dir.resolve("server.key"), "the key in service");

        Cli.Result r = Cli.run("tls", "csr", "--cn", "prov.example.net", "--out", dir.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("server.key"))).isEqualTo("the key in service");
    }

    @Test
    void installsACertificateThatMatchesItsKeyRequestChainAndHost() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(365));
        Path target = dir.resolve("tls");

        Cli.Result r = Cli.run("tls", "install", "--cert", signed.toString(), "--chain", pem(ca).toString(),
                "--key", dir.resolve("server.key").toString(), "--csr", dir.resolve("server.csr").toString(),
                "--host", "prov.example.net", "--to", target.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        // The leaf, then the CA: one file as servers and the Secret's tls.crt hold it.
        assertThat(Files.readString(target.resolve("tls.crt")).split("BEGIN CERTIFICATE", -1)).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("tls.key")))).isEqualTo("rw-------");
    }

    @Test
    void printsAMergePatchForTheKubernetesSecret() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(365));

        Cli.Result r = Cli.run("tls", "install", "--cert", signed.toString(), "--chain", pem(ca).toString(),
                "--key", dir.resolve("server.key").toString(), "--kubernetes-patch");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"data\":{\"tls.crt\":\"").contains("\"tls.key\":\"");
        String crt = r.out().split("\"tls.crt\":\"")[1].split("\"")[0];
        assertThat(new String(Base64.getDecoder().decode(crt))).contains("BEGIN CERTIFICATE");
    }

    @Test
    void refusesACertificateForAnotherKey() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(365));
        Files.move(dir.resolve("server.key"), dir.resolve("first.key"));
        Files.delete(dir.resolve("server.csr"));
        Cli.run("tls", "csr", "--cn", "prov.example.net", "--out", dir.toString());

        Cli.Result r = install(signed, pem(ca), "--to", dir.resolve("tls").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not belong to this key");
        assertThat(dir.resolve("tls")).doesNotExist();
    }

    @Test
    void refusesAChainThatDidNotSignIt() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(365));
        KeyPair otherKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X509Certificate impostor = sign(new X500Name("CN=Sipura Test CA"), otherKeys.getPublic(), new X500Name("CN=Sipura Test CA"),
                otherKeys.getPrivate(), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true);

        Cli.Result r = install(signed, pem(impostor), "--kubernetes-patch");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not verify");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void refusesACertificateForAnotherHostAndAnExpiredOne() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(365));
        Cli.Result wrongHost = install(signed, pem(ca), "--host", "prov.other.net", "--kubernetes-patch");
        assertThat(wrongHost.exit()).isEqualTo(2);
        assertThat(wrongHost.err()).contains("is for prov.example.net, but delivery serves devices as prov.other.net");

        Files.delete(dir.resolve("server.key"));
        Files.delete(dir.resolve("server.csr"));
        Path expired = csrAndSign("prov.example.net", Duration.ofDays(-1));
        Cli.Result old = install(expired, pem(ca), "--kubernetes-patch");
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.err()).contains("expired");
    }

    @Test
    void warnsWhenTheCertificateExpiresWithinThirtyDays() throws Exception {
        Path signed = csrAndSign("prov.example.net", Duration.ofDays(10));

        Cli.Result r = install(signed, pem(ca), "--kubernetes-patch");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: the certificate expires in");
    }

    private Cli.Result install(Path cert, Path chain, String... target) {
        String[] base = {"tls", "install", "--cert", cert.toString(), "--chain", chain.toString(), "--key",
            dir.resolve("server.key").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + target.length);
        System.arraycopy(target, 0, all, base.length, target.length);
        return Cli.run(all);
    }

    /** Runs `tls csr` into dir and signs its request with the test CA, valid for {@code validity} from now. */
    private Path csrAndSign(String cn, Duration validity) throws Exception {
        Cli.Result r = Cli.run("tls", "csr", "--cn", cn, "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) new PEMParser(
                new StringReader(Files.readString(dir.resolve("server.csr")))).readObject();
        Instant end = Instant.now().plus(validity);
        Instant start = validity.isNegative() ? end.minus(Duration.ofDays(365)) : Instant.now().minus(Duration.ofMinutes(5));
        X509Certificate cert = sign(csr.getSubject(), new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                .getPublicKey(csr.getSubjectPublicKeyInfo()), new X500Name("CN=Sipura Test CA"), caKeys.getPrivate(), start, end, false);
        return pem(cert);
    }

    private Path pem(X509Certificate cert) throws Exception {
        Path file = Files.createTempFile(dir, "cert", ".pem");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            w.writeObject(cert);
        }
        return file;
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey key, X500Name issuer, PrivateKey issuerKey,
            Instant from, Instant to, boolean isCa) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(to), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }
}
