package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keyturn rotate}: start a campaign that rotates a group, canary first, at a rate. */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {"Rotate every device of a group: a canary cohort first, then waves at the given rate.",
            "Halts when the stop rule trips. Prints the campaign id; --watch follows it."},
        footer = {"", "Example: keyturn rotate --group region/north --rate 500/min --canary 1%% --stop-after 10/1000"})
final class RotateCommand implements Callable<Integer> {

    private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s*(?:/\\s*(s|sec|min|m|h|hour))?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s*%?");

    @Mixin
    SchedulerOptions scheduler;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "Group path, e.g. region/north.")
    String group;

    @Option(names = "--rate", required = true, paramLabel = "RATE", description = "Requests per time: 500/min, 10/s, 600/h.")
    String rate;

    @Option(names = "--canary", paramLabel = "PERCENT", defaultValue = "1%", description = "Canary cohort (default ${DEFAULT-VALUE}).")
    String canary;

    @Option(names = "--stop-after", paramLabel = "N/M", description = "Halt when N of the last M rotations fail or are overdue.")
    String stopAfter;

    @Option(names = "--confirm-within", paramLabel = "DURATION", description = "ISO-8601 time a device has to confirm, e.g. PT2H.")
    String confirmWithin;

    @Option(names = "--emergency", description = "Ignore maintenance windows (a suspected key compromise).")
    boolean emergency;

    @Option(names = "--include-offline", description = "Rotate devices not seen recently too (held back by default).")
    boolean includeOffline;

    @Option(names = "--preflight", description = "Only count what would be rotated; start nothing.")
    boolean preflight;

    @Option(names = "--watch", description = "Follow the campaign with a progress bar until it ends.")
    boolean watch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group", group);
        body.put("ratePerMinute", perMinute(rate));
        body.put("canaryPercent", percent(canary));
        if (stopAfter != null) {
            body.put("stopAfter", stopAfter);
        }
        if (confirmWithin != null) {
            body.put("confirmWithin", confirmWithin);
        }
        body.put("emergency", emergency);
        body.put("includeOffline", includeOffline);
        SchedulerApi api = scheduler.api();
        PrintWriter out = spec.commandLine().getOut();
        if (preflight) {
            JsonNode p = api.post("/api/v1/campaigns/preflight", body);
            out.printf("%d devices in %s: %d online, %d offline (%d held back); would rotate %d, canary %d%n",
                    p.path("candidates").asInt(), group, p.path("online").asInt(), p.path("offline").asInt(),
                    p.path("heldBack").asInt(), p.path("targets").asInt(), p.path("canary").asInt());
            return 0;
        }
        JsonNode c = api.post("/api/v1/campaigns", body);
        String id = c.path("id").asText();
        out.printf("campaign %s %s: %d devices, canary %d, %d offline held back, %d/min, stop after %s%n", id,
                c.path("state").asText(), c.path("total").asInt(), c.path("canarySize").asInt(),
                c.path("heldBack").asInt(), c.path("ratePerMinute").asInt(), c.path("stopAfter").asText());
        out.flush();
        return watch ? new CampaignProgressBar(api, out).follow(id, java.time.Duration.ofSeconds(2)) : 0;
    }

    /** Requests per minute from {@code 500/min}, {@code 10/s}, {@code 600/h} or {@code 500}. */
    static int perMinute(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--rate is N/s, N/min or N/h, e.g. 500/min");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "min" : m.group(2);
        long perMinute = switch (unit) {
            case "s", "sec" -> n * 60;
            case "h", "hour" -> n / 60;
            default -> n;
        };
        if (perMinute < 1 || perMinute > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--rate must be at least 1 per minute");
        }
        return (int) perMinute;
    }

    static double percent(String text) {
        Matcher m = PERCENT.matcher(text.trim());
        if (!m.matches() || Double.parseDouble(m.group(1)) > 100) {
            throw new IllegalArgumentException("--canary is a percentage from 0 to 100, e.g. 1%");
        }
        return Double.parseDouble(m.group(1));
    }
}
