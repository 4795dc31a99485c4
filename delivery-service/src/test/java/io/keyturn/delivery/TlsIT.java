package io.keyturn.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.keyturn.delivery.serve.MtlsEndpoint;
import io.keyturn.events.delivery.DeliveryCertificateExpiring;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.DeviceCa;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS identity end to end: the vendor device CAs of a CA directory each admit their own devices; untrusted,
 * expired and malformed certificates are refused and reported; the certificate, key and CAs reload without a
 * restart and without dropping a connection; the operator API lists them; the expiry warning and metrics; the
 * legacy TLS 1.0 port.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(TlsTestResource.class)
class TlsIT {

    private static final Duration VISIBLE = Duration.ofSeconds(30);
    private static DeliveryEvents events;

    @Inject
    MtlsEndpoint mtls;

    @BeforeAll
    static void listen() {
        events = new DeliveryEvents();
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void aDeviceCertificateFromEachTrustedVendorCaFetchesItsOwnFile() throws Exception {
        for (String vendor : TlsTestResource.VENDORS) {
            String mac = ProfileEvents.mac('c');
            String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
            byte[] content = ProfileEvents.ciphertext(40);
            ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 1L, 1L, content));
            HttpClient client = https(ca(vendor).issueDevice(mac, "SPA-962", "88012BA01234", Duration.ofDays(1)));
            HttpResponse<byte[]>[] last = new HttpResponse[1];
            await(vendor).atMost(VISIBLE).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = client.send(get(path), HttpResponse.BodyHandlers.ofByteArray());
                return last[0].statusCode() == 200;
            });
            assertThat(last[0].body()).as(vendor).isEqualTo(content);
        }
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedAtTheHandshakeAndReported() throws Exception {
        String mac = ProfileEvents.mac('d');
        DeviceCa.Issued stranger = ca("untrusted").issueDevice(mac, "SPA-962", "88012BA0FFFF", Duration.ofDays(1));
        double before = deniedCount("untrusted-ca");

        // A device sends its certificate whatever CAs the server names; the JDK client would send none.
        HttpClient insistent = HttpClient.newBuilder().sslContext(insisting(stranger))
                .connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> insistent.send(get("/spa962.cfg"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(IOException.class);

        DeliveryDenied denied = events.await(DeliveryDenied.class, d -> mac.equals(d.mac()), VISIBLE)
                .orElseThrow(() -> new AssertionError("no delivery.denied for the untrusted certificate"));
        assertThat(denied.reason()).isEqualTo(DenialReason.UNTRUSTED_CA);
        assertThat(denied.protocol()).isEqualTo(DeliveryProtocol.HTTPS);
        assertThat(denied.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(denied.path()).isEqualTo("/");
        assertThat(denied.detail()).contains("ST=" + mac).contains("keyturn test untrusted CA");
        assertThat(deniedCount("untrusted-ca")).isGreaterThan(before);
    }

    @Test
    void anExpiredCertificateFromATrustedCaIsRefusedAsExpired() throws Exception {
        String mac = ProfileEvents.mac('e');
        DeviceCa.Issued expired = ca("linksys").issueDevice(mac, "SPA-942", "88019FA42805", Duration.ofMinutes(-1));

        assertThatThrownBy(() -> https(expired).send(get("/spa962.cfg"), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(IOException.class);

        DeliveryDenied denied = events.await(DeliveryDenied.class, d -> mac.equals(d.mac()), VISIBLE)
                .orElseThrow(() -> new AssertionError("no delivery.denied for the expired certificate"));
        assertThat(denied.reason()).isEqualTo(DenialReason.EXPIRED_CERTIFICATE);
        assertThat(deniedCount("expired-certificate")).isPositive();
    }

    @Test
    void aCertificateWithAMalformedSubjectGetsNoDeviceFileAndIsReported() throws Exception {
        String mac = ProfileEvents.mac('f');
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 1L, 1L, ProfileEvents.ciphertext(4)));
        // A serial with characters no unit has: the subject names no unit, so its files stay closed.
        HttpClient client = https(ca("cisco-sb").issueDevice(mac, "SPA-962", "8801;rm -rf", Duration.ofDays(1)));

        await().atMost(VISIBLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            client.send(get(path), HttpResponse.BodyHandlers.discarding());
            return events.await(DeliveryDenied.class, d -> d.path().equals(path)
                    && d.reason() != DenialReason.NOT_FOUND, Duration.ofMillis(300)).isPresent();
        });
        DeliveryDenied denied = events.await(DeliveryDenied.class, d -> d.path().equals(path)
                && d.reason() != DenialReason.NOT_FOUND, VISIBLE).orElseThrow();
        assertThat(denied.reason()).isEqualTo(DenialReason.MALFORMED_SUBJECT);
        assertThat(client.send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void aNewCertificateIsServedAfterItsFilesChangeWithoutDroppingAConnectionInFlight(@TempDir Path tmp)
            throws Exception {
        String mac = ProfileEvents.mac('a');
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        byte[] content = ProfileEvents.ciphertext(4000); // 64 KiB: more than one TLS record
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 1L, 1L, content));
        DeviceCa.Issued device = ca("sipura").issueDevice(mac, "SPA-962", "88012BA01234", Duration.ofDays(1));
        await().atMost(VISIBLE).pollInterval(Duration.ofMillis(200)).until(() -> https(device)
                .send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        BigInteger before = servedCertificate().getSerialNumber();

        // A connection that is mid-response when the files change.
        SSLSocket inFlight = (SSLSocket) clientContext(device).getSocketFactory()
                .createSocket("127.0.0.1", mtls.port().orElseThrow());
        inFlight.startHandshake();
        OutputStream out = inFlight.getOutputStream();
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = inFlight.getInputStream();
        byte[] head = in.readNBytes(64);

        DeviceCa.Issued replacement = ca("keyturn-dev").issueServer(Duration.ofDays(400), "127.0.0.1", "localhost");
        install(replacement, tmp);
        await().atMost(VISIBLE).pollInterval(Duration.ofMillis(200))
                .until(() -> !servedCertificate().getSerialNumber().equals(before));
        assertThat(servedCertificate().getSerialNumber()).isEqualTo(replacement.certificate().getSerialNumber());
        String showcerts = openssl(tmp, device, "s_client", "-connect", "127.0.0.1:" + mtls.port().orElseThrow(),
                "-showcerts");
        assertThat(showcerts).contains(replacement.certificatePem().strip().lines().skip(1).findFirst().orElseThrow());

        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        rest.write(head);
        byte[] response = readResponse(in, rest);
        assertThat(response).as("the response in flight across the reload completes").isEqualTo(content);
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readResponse(in, new ByteArrayOutputStream())).as("and the connection stays usable")
                .isEqualTo(content);
        inFlight.close();

        given().auth().oauth2(TestIssuer.get().token("alice", "auditor"))
                .get("/api/v1/tls/server-certificate").then().statusCode(200)
                .body("certificate.serialNumber", equalTo(replacement.certificate().getSerialNumber().toString(16)))
                .body("certificate.daysLeft", equalTo(399));
    }

    @Test
    void operatorsSeeTheTrustedDeviceCas() {
        given().auth().oauth2(TestIssuer.get().token("alice", "operator"))
                .get("/api/v1/tls/device-cas").then().statusCode(200)
                .body("name", containsInAnyOrder(TlsTestResource.VENDORS.toArray()))
                .body("find { it.name == 'sipura' }.subject", startsWith("CN=keyturn test sipura CA"))
                .body("find { it.name == 'sipura' }.sha256", matchesPattern("[0-9a-f]{64}"));
        given().auth().oauth2(TestIssuer.get().token("svc", "keyturn-service"))
                .get("/api/v1/tls/device-cas").then().statusCode(403);
        given().get("/api/v1/tls/device-cas").then().statusCode(401);
    }

    @Test
    void warnsOfAServerCertificateWithinThirtyDaysOfExpiry() {
        DeliveryCertificateExpiring warning = events.await(DeliveryCertificateExpiring.class,
                w -> w.cn().equals("127.0.0.1") && w.daysLeft() == 10, VISIBLE)
                .orElseThrow(() -> new AssertionError("no certificate-expiring event at start"));
        assertThat(warning.certificateSha256()).hasSize(64);
        // The event may come from an earlier start of the application on the same topic; the gauge of this one is
        // registered when its TLS material is loaded, so it is awaited rather than read once.
        await().atMost(VISIBLE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("keyturn_tls_server_certificate_days_left\\{cn=\"127.0.0.1\"[^}]*} ")
                .contains("keyturn_tls_handshakes_denied_total{reason=\"untrusted-ca\""));
    }

    @Test
    void theLegacyPortCompletesATls10HandshakeWithAes256Sha(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no /usr/bin/openssl on this machine");
        String ciphers = run(tmp, null, "/usr/bin/openssl", "ciphers", "-tls1", "AES256-SHA@SECLEVEL=0");
        Assumptions.assumeTrue(ciphers.contains("AES256-SHA"),
                "the local OpenSSL refuses TLS 1.0 with AES256-SHA even at SECLEVEL=0: " + ciphers.strip());
        String mac = ProfileEvents.mac('b');
        DeviceCa.Issued device = ca("sipura").issueDevice(mac, "SPA-962", "88012BA01234", Duration.ofDays(1));
        String out = openssl(tmp, device, "s_client", "-connect", "127.0.0.1:" + mtls.legacyPort().orElseThrow(),
                "-tls1", "-cipher", "AES256-SHA@SECLEVEL=0");
        Assumptions.assumeFalse(out.contains("no protocols available") || out.contains("unsupported protocol")
                && !out.contains("CONNECTED"), "the local OpenSSL refuses TLS 1.0 even at SECLEVEL=0: " + out);
        assertThat(out).containsPattern("Protocol\\s*: TLSv1\\b").contains("Cipher    : AES256-SHA");

        String modern = openssl(tmp, device, "s_client", "-connect", "127.0.0.1:" + mtls.port().orElseThrow(),
                "-tls1", "-cipher", "AES256-SHA@SECLEVEL=0");
        assertThat(modern).as("the main port never speaks TLS 1.0").doesNotContain("Cipher    : AES256-SHA");
    }

    // --- helpers

    private static Path tlsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("keyturn.test.tls-dir", String.class));
    }

    private static DeviceCa ca(String name) throws IOException {
        return DeviceCa.load(tlsDir().resolve("ca-" + name));
    }

    /** Like {@code keyturn tls install}: the key first, then the certificate, each replaced atomically. */
    private static void install(DeviceCa.Issued server, Path tmp) throws IOException {
        Path key = Files.writeString(tmp.resolve("tls.key.new"), server.privateKeyPem());
        Files.move(key, tlsDir().resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path cert = Files.writeString(tmp.resolve("tls.crt.new"), server.certificatePem());
        Files.move(cert, tlsDir().resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private X509Certificate servedCertificate() throws Exception {
        DeviceCa.Issued device = ca("sipura").issueDevice("000e08000001", "SPA-962", "88012BA01234", Duration.ofDays(1));
        try (SSLSocket s = (SSLSocket) clientContext(device).getSocketFactory()
                .createSocket("127.0.0.1", mtls.port().orElseThrow())) {
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLContext clientContext(DeviceCa.Issued device) throws IOException {
        return device.clientContext(ca("keyturn-dev").certificate());
    }

    /** A client context that presents {@code device}'s certificate even when the server names other CAs. */
    private static SSLContext insisting(DeviceCa.Issued device) throws Exception {
        X509Certificate[] chain = {device.certificate(), device.issuer()};
        javax.net.ssl.X509ExtendedKeyManager manager = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"device"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
                return "device";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                    javax.net.ssl.SSLEngine engine) {
                return "device";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain;
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return device.key();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {manager},
                DeviceCa.trust(ca("keyturn-dev").certificate()).getTrustManagers(), null);
        return context;
    }

    private static HttpClient https(DeviceCa.Issued device) throws IOException {
        return HttpClient.newBuilder().sslContext(clientContext(device)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + mtls.port().orElseThrow() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static double deniedCount(String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("keyturn_tls_handshakes_denied_total{")
                        && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Reads one HTTP/1.1 response with Content-Length; {@code buffer} may already hold its first bytes. */
    private static byte[] readResponse(InputStream in, ByteArrayOutputStream buffer) throws IOException {
        byte[] chunk = new byte[8192];
        while (true) {
            byte[] sofar = buffer.toByteArray();
            String text = new String(sofar, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                String head = text.substring(0, end);
                assertThat(head).startsWith("HTTP/1.1 200");
                int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                        .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElseThrow();
                int have = sofar.length - end - 4;
                if (have >= length) {
                    byte[] body = new byte[length];
                    System.arraycopy(sofar, end + 4, body, 0, length);
                    return body;
                }
            }
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("connection closed mid-response");
            }
            buffer.write(chunk, 0, n);
        }
    }

    private static String openssl(Path tmp, DeviceCa.Issued client, String... args) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no /usr/bin/openssl on this machine");
        Path cert = Files.writeString(tmp.resolve("client.crt"), client.certificatePem());
        Path key = Files.writeString(tmp.resolve("client.key"), client.privateKeyPem());
        String[] command = new String[args.length + 5];
        command[0] = "/usr/bin/openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        command[args.length + 1] = "-cert";
        command[args.length + 2] = cert.toString();
        command[args.length + 3] = "-key";
        command[args.length + 4] = key.toString();
        return run(tmp, null, command);
    }

    private static String run(Path tmp, String stdin, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }
}
