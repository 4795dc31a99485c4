package io.keyturn.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.testsupport.DeviceCa;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with client authentication, as a provisioning server that requires the unit's certificate (spa-protocol.md
 * §6, the guide's {@code SSLVerifyClient require}): the unit presents its own certificate, the server reads MAC,
 * product and serial from its subject.
 */
class HttpsClientCertificateTest {

    private static final DeviceCa CA = DeviceCa.generate("test device CA");
    private static final String MAC = "000e08aabbcc";

    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private HttpProfileTransport transport;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        DeviceCa.Issued serverCert = CA.issueServer(Duration.ofDays(1), "127.0.0.1");
        char[] password = "changeit".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverCert.keyStore(password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), DeviceCa.trust(CA.certificate()).getTrustManagers(), new SecureRandom());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // The server reads only SSLParameters once they are set; the plain setter alone is ignored.
                javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", this::handle);
        server.start();
        base = "https://127.0.0.1:" + server.getAddress().getPort();
        SSLContext trustOnly = SSLContext.getInstance("TLS");
        trustOnly.init(null, DeviceCa.trust(CA.certificate()).getTrustManagers(), new SecureRandom());
        transport = new HttpProfileTransport(trustOnly, Duration.ofSeconds(5), 2);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            X509Certificate peer = (X509Certificate) ((com.sun.net.httpserver.HttpsExchange) exchange)
                    .getSSLSession().getPeerCertificates()[0];
            subjects.add(peer.getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException e) {
            subjects.add("none");
        }
        byte[] body = "<flat-profile><Station_Name>over-https</Station_Name></flat-profile>"
                .getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private FetchResult fetch(DeviceIdentity unit) {
        DeviceContext device = DeviceContext.builder().mac(unit.mac()).model(unit.model()).serial(unit.serial()).build();
        Resolution r = Rule.parse(base + "/bootstrap/$MA.xml").evaluate(device).orElseThrow();
        return transport.fetch(r.target().orElseThrow(), r.options(), unit);
    }

    private static DeviceIdentity unitWithCertificate(String mac, String serial) {
        DeviceCa.Issued cert = CA.issueDevice(mac, "SPA-962", serial, Duration.ofDays(1));
        return DeviceIdentity.of(mac, "SPA962", serial).withClientCertificate(cert.clientContext(CA.certificate()));
    }

    @Test
    void aUnitPresentsItsOwnSipuraShapedCertificate() {
        FetchResult result = fetch(unitWithCertificate(MAC, "88012BA01234"));

        assertThat(result.status()).isEqualTo(FetchResult.Status.FOUND);
        assertThat(subjects).singleElement().satisfies(subject -> assertThat(subject)
                .contains("ST=" + MAC, "L=88012BA01234", "OU=SPA-962"));
    }

    @Test
    void aUnitWithoutACertificateFailsTheHandshakeRatherThanBeingServed() {
        FetchResult result = fetch(DeviceIdentity.of(MAC, "SPA962", "88012BA01234"));

        // Under TLS 1.3 the server's refusal reaches the client after its side of the handshake finished, as a
        // closed connection: the JDK reports either, and the unit retries either way. It is never served.
        assertThat(result.status()).isIn(FetchResult.Status.FAILED, FetchResult.Status.UNREACHABLE);
        assertThat(subjects).isEmpty();
    }

    @Test
    void moreUnitsThanCachedClientsEachStillPresentTheirOwnCertificate() {
        List<DeviceIdentity> units = List.of(unitWithCertificate("000e08000001", "SN1"),
                unitWithCertificate("000e08000002", "SN2"), unitWithCertificate("000e08000003", "SN3"));
        for (int round = 0; round < 2; round++) {
            units.forEach(u -> assertThat(fetch(u).status()).isEqualTo(FetchResult.Status.FOUND));
        }

        assertThat(subjects).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(subjects.get(i)).contains("ST=000e0800000" + (i % 3 + 1));
        }
    }
}
