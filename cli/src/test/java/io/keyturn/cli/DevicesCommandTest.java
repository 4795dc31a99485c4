package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devices commands against a stand-in HTTP server that records what they sent and answers as registry-service
 * does; registry-service's own behaviour is tested in its module.
 */
class DevicesCommandTest {

    private StandInServer server;
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        server = StandInServer.start(request -> new StandInServer.Answer(status, answer));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return server.url();
    }

    /** The requests seen, each as method, URI, Content-Type and Authorization. */
    private List<String> requests() {
        return server.requests().stream().map(r -> r.method() + " " + r.uri() + " " + r.contentType() + " "
                + r.authorization()).toList();
    }

    @Test
    void importStreamsTheFileAndReportsRejectedLinesWithExitTwo(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("fleet.csv");
        Files.writeString(csv, "mac,model\n000e08aabbcc,SPA962\nzz,SPA962\n");
        answer = """
                {"id":"5f1c","state":"completed","lines":2,"imported":1,"alreadyRegistered":0,"rejected":1,
                 "errors":[{"line":3,"reason":"invalid-mac","detail":"mac 'zz' is not 12 hex digits"}]}""";

        Cli.Result r = Cli.run("devices", "import", "--url", url(), "--token", "t0k", csv.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(requests()).containsExactly("POST /api/v1/devices:import text/csv Bearer t0k");
        assertThat(server.requests().get(0).text()).isEqualTo(Files.readString(csv));
        assertThat(r.out()).contains("1 imported").contains("1 rejected")
                .contains("line 3: invalid-mac: mac 'zz' is not 12 hex digits");
        assertThat(r.err()).contains("100%");
    }

    @Test
    void listFollowsTheCursorToTheLastPage() {
        answer = "{\"items\":[{\"mac\":\"000e08aabbcc\",\"model\":\"SPA962\",\"state\":\"active\",\"generation\":2,"
                + "\"confirmedGeneration\":2,\"group\":\"north\"}],\"nextCursor\":null}";

        Cli.Result r = Cli.run("devices", "list", "--url", url(), "--token", "t", "--group", "north",
                "--unconfirmed-for", "P1D");

        assertThat(r.exit()).isZero();
        assertThat(requests()).singleElement().asString()
                .startsWith("GET /api/v1/devices?").contains("group=north").contains("unconfirmedFor=P1D");
        assertThat(r.out()).contains("000e08aabbcc").contains("2/2").contains("north");
    }

    @Test
    void aProblemBecomesOneLineAndExitTwo() {
        status = 404;
        answer = "{\"title\":\"Device not found\",\"status\":404,\"detail\":\"no device 000e08aabbcc is registered\"}";

        Cli.Result r = Cli.run("devices", "show", "--url", url(), "--token", "t", "000e08aabbcc");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly(
                "keyturn: Device not found: no device 000e08aabbcc is registered (HTTP 404)");
    }

    @Test
    void decommissionSendsTheReason() {
        answer = "{\"mac\":\"000e08aabbcc\",\"state\":\"decommissioned\",\"version\":4}";

        Cli.Result r = Cli.run("devices", "decommission", "--url", url(), "--token", "t", "000e08aabbcc",
                "--reason", "returned by customer");

        assertThat(r.exit()).isZero();
        assertThat(requests()).singleElement().asString()
                .startsWith("DELETE /api/v1/devices/000e08aabbcc?reason=returned+by+customer");
        assertThat(r.out()).contains("000e08aabbcc: decommissioned (version 4)");
    }
}
