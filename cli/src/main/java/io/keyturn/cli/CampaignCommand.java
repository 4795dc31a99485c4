package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyturn campaign}: follow and steer a running campaign. */
@Command(
        name = "campaign",
        mixinStandardHelpOptions = true,
        description = "Follow and steer rotation campaigns (see keyturn rotate).",
        footer = {"", "watch exits 0 when the campaign completes or is cancelled, 3 when it halts."})
final class CampaignCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Live progress bar until the campaign ends.")
    int watch(@Mixin SchedulerOptions scheduler, @Parameters(paramLabel = "ID") String id,
              @Option(names = "--interval", defaultValue = "PT2S", paramLabel = "DURATION",
                      description = "Time between polls, ISO-8601 (default ${DEFAULT-VALUE}).") Duration interval)
            throws IOException, InterruptedException {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--interval must be positive");
        }
        return new CampaignProgressBar(scheduler.api(), out()).follow(id, interval);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The campaign's state and counters.")
    int show(@Mixin SchedulerOptions scheduler, @Parameters(paramLabel = "ID") String id) throws IOException {
        return print(scheduler.api().get("/api/v1/campaigns/" + id));
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop issuing; resume continues.")
    int pause(@Mixin SchedulerOptions scheduler, @Parameters(paramLabel = "ID") String id) throws IOException {
        return print(scheduler.api().post("/api/v1/campaigns/" + id + "/pause", null));
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Continue a paused or halted campaign; the stop rule counts afresh.")
    int resume(@Mixin SchedulerOptions scheduler, @Parameters(paramLabel = "ID") String id) throws IOException {
        return print(scheduler.api().post("/api/v1/campaigns/" + id + "/resume", null));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Drop the devices not yet requested; requested ones run their course.")
    int cancel(@Mixin SchedulerOptions scheduler, @Parameters(paramLabel = "ID") String id) throws IOException {
        return print(scheduler.api().post("/api/v1/campaigns/" + id + "/cancel", null));
    }

    private int print(JsonNode c) {
        PrintWriter out = out();
        out.println("campaign " + c.path("id").asText() + " " + c.path("group").asText() + ": "
                + c.path("state").asText() + (c.path("reason").isTextual() ? " (" + c.path("reason").asText() + ")" : ""));
        out.println(CampaignProgressBar.render(c));
        out.flush();
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
