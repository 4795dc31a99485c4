package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows a campaign by polling {@code GET /api/v1/campaigns/{id}} and draws its progress: on a terminal one line
 * redrawn in place, otherwise one line per change. Ends when the campaign completes, is cancelled (exit 0) or halts
 * (exit 3, with the reason).
 */
final class CampaignProgressBar {

    /** Exit status of {@code watch} when the campaign halted: an operator has to decide. */
    static final int EXIT_HALTED = 3;
    private static final int WIDTH = 30;

    private final SchedulerApi api;
    private final PrintWriter out;
    private final boolean redraw;

    CampaignProgressBar(SchedulerApi api, PrintWriter out) {
        this(api, out, System.console() != null);
    }

    CampaignProgressBar(SchedulerApi api, PrintWriter out, boolean redraw) {
        this.api = api;
        this.out = out;
        this.redraw = redraw;
    }

    int follow(String id, Duration interval) throws IOException, InterruptedException {
        String last = null;
        while (true) {
            JsonNode c = api.get("/api/v1/campaigns/" + id);
            String line = render(c);
            String state = c.path("state").asText();
            boolean end = state.equals("completed") || state.equals("cancelled") || state.equals("halted");
            if (redraw) {
                out.print("\r" + line + "\u001b[K");
                if (end) {
                    out.println();
                }
            } else if (!line.equals(last)) {
                out.println(line);
            }
            out.flush();
            last = line;
            if (end) {
                if (state.equals("halted")) {
                    out.println("halted: " + c.path("reason").asText("") + " (keyturn campaign resume " + id + ")");
                    out.flush();
                    return EXIT_HALTED;
                }
                return 0;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** One line: bar of confirmed devices, the counters, stragglers, ETA and state. */
    static String render(JsonNode c) {
        int total = c.path("total").asInt();
        JsonNode counts = c.path("counts");
        int confirmed = counts.path("confirmed").asInt();
        int failed = counts.path("failed").asInt();
        int filled = total == 0 ? WIDTH : (int) ((long) confirmed * WIDTH / total);
        int failedCells = total == 0 ? 0 : (int) Math.min(WIDTH - filled, Math.ceil((double) failed * WIDTH / total));
        String bar = "#".repeat(filled) + "!".repeat(failedCells) + ".".repeat(WIDTH - filled - failedCells);
        int percent = total == 0 ? 100 : (int) ((long) confirmed * 100 / total);
        StringBuilder s = new StringBuilder();
        s.append('[').append(bar).append("] ").append(String.format("%3d%%", percent))
                .append(" confirmed ").append(confirmed).append('/').append(total)
                .append(" | requested ").append(counts.path("requested").asInt())
                .append(" issued ").append(counts.path("issued").asInt())
                .append(" published ").append(counts.path("published").asInt())
                .append(" failed ").append(failed);
        long stragglers = c.path("stragglers").path("count").asLong();
        if (stragglers > 0) {
            s.append(" | stragglers ").append(stragglers);
        }
        if (!c.path("eta").isMissingNode() && !c.path("eta").isNull()) {
            s.append(" | ETA ").append(c.path("eta").asText());
        }
        s.append(" | ").append(c.path("state").asText());
        if (c.path("phase").asText().equals("canary") && c.path("state").asText().equals("running")) {
            s.append(" (canary)");
        }
        return s.toString();
    }
}
