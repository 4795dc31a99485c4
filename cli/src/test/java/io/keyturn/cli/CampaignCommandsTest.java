package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** keyturn rotate and keyturn campaign against a stand-in for the scheduler's REST API. */
class CampaignCommandsTest {

    /** One request the stand-in saw. */
    record Seen(String method, String path, String authorization, String body) {
    }

    private StandInServer server;
    private String url;
    private final AtomicInteger polls = new AtomicInteger();

    private static String campaign(String state, int requested, int confirmed, int failed, String reason) {
        return "{\"id\":\"cmp-1\",\"group\":\"region/north\",\"state\":\"" + state + "\",\"phase\":\"waves\","
                + (reason == null ? "" : "\"reason\":\"" + reason + "\",")
                + "\"total\":100,\"canarySize\":1,\"heldBack\":2,\"ratePerMinute\":500,\"stopAfter\":\"10/1000\","
                + "\"counts\":{\"requested\":" + requested + ",\"issued\":" + requested + ",\"published\":" + requested
                + ",\"confirmed\":" + confirmed + ",\"failed\":" + failed + "},"
                + "\"stragglers\":{\"count\":0,\"sample\":[]},\"eta\":null}";
    }

    @BeforeEach
    void start() throws IOException {
        server = StandInServer.start(this::answer);
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The requests seen so far. */
    private List<Seen> seen() {
        return server.requests().stream().map(r -> new Seen(r.method(), r.path(), r.authorization(), r.text())).toList();
    }

    private StandInServer.Answer answer(StandInServer.Request request) {
        String body = request.text();
        String path = request.path();
        int status = 200;
        String json;
        if (path.equals("/api/v1/campaigns") && body.contains("\"region/none\"")) {
            status = 400;
            json = "{\"type\":\"https://keyturn.io/problems/unknown-group\",\"title\":\"No device in that group\","
                    + "\"status\":400,\"detail\":\"no device is in group region/none\"}";
        } else if (path.equals("/api/v1/campaigns")) {
            status = 201;
            json = campaign("running", 0, 0, 0, null);
        } else if (path.equals("/api/v1/campaigns/preflight")) {
            json = "{\"candidates\":102,\"online\":100,\"offline\":2,\"heldBack\":2,\"targets\":100,\"canary\":1}";
        } else if (path.equals("/api/v1/campaigns/cmp-1")) {
            int n = polls.incrementAndGet();
            json = n == 1 ? campaign("running", 40, 20, 0, null)
                    : n == 2 ? campaign("running", 90, 60, 1, null) : campaign("completed", 100, 99, 1, null);
        } else if (path.equals("/api/v1/campaigns/cmp-2")) {
            json = campaign("halted", 30, 10, 12, "stop rule 10/1000 tripped");
        } else if (path.equals("/api/v1/campaigns/cmp-1/pause")) {
            json = campaign("paused", 40, 20, 0, null);
        } else {
            status = 404;
            json = "{\"type\":\"https://keyturn.io/problems/campaign-not-found\",\"status\":404,\"detail\":\"no campaign\"}";
        }
        return new StandInServer.Answer(status, json);
    }

    @Test
    void rotateStartsACampaignWithTheGivenRateCanaryAndStopRule() {
        Cli.Result r = Cli.run("rotate", "--url", url, "--token", "t0k", "--group", "region/north", "--rate", "500/min",
                "--canary", "1%", "--stop-after", "10/1000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("campaign cmp-1 running: 100 devices, canary 1, 2 offline held back, 500/min");
        Seen post = seen().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/api/v1/campaigns");
        assertThat(post.authorization()).isEqualTo("Bearer t0k");
        assertThat(post.body()).contains("\"group\":\"region/north\"", "\"ratePerMinute\":500", "\"canaryPercent\":1.0",
                "\"stopAfter\":\"10/1000\"");
    }

    @Test
    void rotateConvertsRatesPerSecondAndHour() {
        assertThat(RotateCommand.perMinute("10/s")).isEqualTo(600);
        assertThat(RotateCommand.perMinute("600/h")).isEqualTo(10);
        assertThat(RotateCommand.perMinute("500")).isEqualTo(500);
    }

    @Test
    void rotateRefusesARateOfZeroBeforeCallingAnything() {
        Cli.Result r = Cli.run("rotate", "--url", url, "--token", "t", "--group", "g", "--rate", "0/min");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("keyturn: --rate must be at least 1 per minute");
        assertThat(seen()).isEmpty();
    }

    @Test
    void aProblemFromTheSchedulerIsOneLineAndExitTwo() {
        Cli.Result r = Cli.run("rotate", "--url", url, "--token", "t", "--group", "region/none", "--rate", "5/min");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("keyturn: no device is in group region/none [unknown-group]");
    }

    @Test
    void preflightCountsWithoutStartingAnything() {
        Cli.Result r = Cli.run("rotate", "--url", url, "--token", "t", "--group", "region/north", "--rate", "5/min",
                "--preflight");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("102 devices in region/north: 100 online, 2 offline (2 held back); would rotate 100");
        assertThat(seen()).extracting(Seen::path).containsExactly("/api/v1/campaigns/preflight");
    }

    @Test
    void watchDrawsTheProgressUntilTheCampaignCompletes() {
        Cli.Result r = Cli.run("campaign", "watch", "cmp-1", "--url", url, "--token", "t", "--interval", "PT0.01S");
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\\R");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("[######........................]  20% confirmed 20/100 | requested 40");
        assertThat(lines[1]).contains(" 60% confirmed 60/100").contains("failed 1").endsWith("| running");
        assertThat(lines[2]).startsWith("[#############################!]  99%").endsWith("| completed");
    }

    @Test
    void watchStopsWithExitThreeAndTheReasonWhenTheCampaignHalts() {
        Cli.Result r = Cli.run("campaign", "watch", "cmp-2", "--url", url, "--token", "t");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("halted: stop rule 10/1000 tripped (keyturn campaign resume cmp-2)");
    }

    @Test
    void pauseShowsTheNewState() {
        Cli.Result r = Cli.run("campaign", "pause", "cmp-1", "--url", url, "--token", "t");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("campaign cmp-1 region/north: paused");
        assertThat(seen().get(0).method()).isEqualTo("POST");
    }

    @Test
    void anUnknownCampaignIsAProblem() {
        Cli.Result r = Cli.run("campaign", "show", "cmp-9", "--url", url, "--token", "t");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("keyturn: no campaign [campaign-not-found]");
    }

    @Test
    void aMissingTokenSaysWhereToGetOne() {
        Cli.Result r = Cli.run("campaign", "show", "cmp-1", "--url", url, "--token", "");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("./keyturn dev token");
    }

    @Test
    void anUnreachableSchedulerIsAnEnvironmentFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("campaign", "show", "cmp-1", "--url", "http://127.0.0.1:" + port, "--token", "t");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("cannot reach the scheduler");
    }
}
