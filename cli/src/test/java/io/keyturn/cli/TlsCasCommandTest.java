package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code keyturn tls cas} against a stand-in for delivery-service's {@code /api/v1/tls} endpoints. */
class TlsCasCommandTest {

    private static final String CAS = """
            [{"name":"cisco-2k-sb","subject":"CN=Cisco 2K SB CA","issuer":"CN=Cisco 2K SB CA","serialNumber":"1f",
              "notBefore":"2020-01-01T00:00:00Z","notAfter":"2040-01-01T00:00:00Z",
              "sha256":"aa00000000000000000000000000000000000000000000000000000000000001","daysLeft":4900},
             {"name":"sipura","subject":"CN=Sipura CA","issuer":"CN=Sipura CA","serialNumber":"2",
              "notBefore":"2005-01-01T00:00:00Z","notAfter":"2035-01-01T00:00:00Z",
              "sha256":"bb00000000000000000000000000000000000000000000000000000000000002","daysLeft":3100}]""";
    private static final String SERVER = """
            {"certificate":{"name":"server","subject":"CN=prov.example.net","issuer":"CN=Sipura CA",
              "serialNumber":"5f3a","notBefore":"2026-01-01T00:00:00Z","notAfter":"2026-12-01T00:00:00Z",
              "sha256":"cc00000000000000000000000000000000000000000000000000000000000003","daysLeft":%d},
             "chain":[],"loadedAt":"2026-05-01T10:00:00Z"}""";

    private StandInServer server;
    private volatile int status = 200;
    private volatile int serverDaysLeft = 200;

    @BeforeEach
    void start() throws IOException {
        server = StandInServer.start(request -> status >= 400
                ? new StandInServer.Answer(status,
                        "{\"type\":\"https://keyturn.io/problems/forbidden\",\"title\":\"Not allowed\",\"status\":403}")
                : new StandInServer.Answer(status, request.path().endsWith("device-cas") ? CAS
                        : SERVER.formatted(serverDaysLeft)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return server.url();
    }

    /** The requests seen, each as URI and Authorization. */
    private List<String> requests() {
        return server.requests().stream().map(r -> r.uri() + " " + r.authorization()).toList();
    }

    @Test
    void printsOneRowPerTrustedCaAndTheServerCertificate() {
        Cli.Result r = Cli.run("tls", "cas", "--url", url(), "--token", "t0k");

        assertThat(r.exit()).isZero();
        assertThat(requests()).containsExactly("/api/v1/tls/device-cas Bearer t0k",
                "/api/v1/tls/server-certificate Bearer t0k");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("DAYS LEFT").contains("SHA-256").contains("SUBJECT");
        assertThat(lines.get(1)).startsWith("cisco-2k-sb").contains("4900").contains("2040-01-01T00:00:00Z")
                .contains("aa00000000000000000000000000000000000000000000000000000000000001").endsWith("CN=Cisco 2K SB CA");
        assertThat(lines.get(2)).startsWith("sipura").contains("3100");
        assertThat(r.out()).contains("server certificate (loaded 2026-05-01T10:00:00Z)").contains("CN=prov.example.net");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void warnsWhenTheServerCertificateHasThirtyDaysOrFewer() {
        serverDaysLeft = 12;

        Cli.Result r = Cli.run("tls", "cas", "--url", url(), "--token", "t0k");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("the server certificate expires in 12 days");
    }

    @Test
    void printsTheJsonOfBothAnswersWithJson() {
        Cli.Result r = Cli.run("tls", "cas", "--url", url(), "--token", "t0k", "--json");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"deviceCas\"").contains("\"serverCertificate\"").contains("\"cisco-2k-sb\"")
                .doesNotContain("NAME");
    }

    @Test
    void aRefusedTokenIsOneLineAndExitTwo() {
        status = 403;

        Cli.Result r = Cli.run("tls", "cas", "--url", url(), "--token", "t0k");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).contains("Not allowed (HTTP 403)").doesNotContain("\n");
    }

    @Test
    void anUnreachableServiceIsAnIoError() throws IOException {
        String gone = url();
        server.close();

        Cli.Result r = Cli.run("tls", "cas", "--url", gone, "--token", "t0k");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach delivery-service");
    }
}
