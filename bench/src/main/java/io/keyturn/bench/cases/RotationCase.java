package io.keyturn.bench.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.bench.BenchCase;
import io.keyturn.bench.BenchContext;
import io.keyturn.bench.StackProcess;
import io.keyturn.bench.report.Goal;
import io.keyturn.bench.report.Row;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end rotation of N registered devices: one campaign through rotation-scheduler, {@code rotation.requested}
 * on Kafka, crypto-service issuing, rendering, sealing and publishing each new generation in PostgreSQL and on
 * Kafka, and the scheduler counting {@code rotation.published}; timed until every device's rotation is published.
 */
public final class RotationCase implements BenchCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The scheduler's ceiling for a campaign's rate: 1,667 devices/s, above the goal, so the rate never binds. */
    private static final int MAX_RATE_PER_MINUTE = 100_000;
    /** Enough rotations to compile every service's hot path; the warm-up group is this size, or N when smaller. */
    private static final int WARM_UP_DEVICES = 5_000;

    @Override
    public String name() {
        return "rotation";
    }

    @Override
    public boolean needsStack() {
        return true;
    }

    @Override
    public String method() {
        return """
                N devices (100,000 with `--full`, 2,000 by default, 400 with `--quick`) are imported into a group of
                their own through registry's CSV import; the benchmark waits until rotation-scheduler's read model
                shows generation 1 for every one of them (crypto-service issued and published it). Then one campaign
                over the group (`ratePerMinute` 100,000, the scheduler's ceiling and above the goal, no canary, `emergency` and
                `includeOffline`, since no unit fetches; the group's policy and the fleet's ceiling,
                `keyturn.scheduler.fleet-max-per-minute`, are raised to the same 100,000 for the bench's stack, since
                both default to 6,000 a minute, 100 devices/s, which is what earlier runs of this case measured) is timed from its creation until the scheduler counts every
                device's rotation as published (or failed): scheduler → `rotation.requested` → crypto (issue,
                render, gzip, encrypt, verify, publish; outbox) → `rotation.issued`/`published` → scheduler. The
                figure is devices/s over that span. The goal is absolute (1,000 devices/s at
                N = 100,000 on the 2-core machine). First, an unmeasured campaign over a group of other devices
                (5,000, or N when smaller) warms the services (a stack just started runs its first rotations
                interpreted). The measured devices thus all stand at generation 1, unconfirmed since no unit fetches:
                each rotation publishes generation 2 and re-points generation 1 at it. The anchor is the profile pipeline of the same run on one core,
                in rotations/s (see `pipeline`; measured here when that case did not run): the ratio says how much
                of one core's pipeline rate survives Kafka, PostgreSQL, the outbox and the other services.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int n = ctx.mode().pick(400, 2_000, 100_000);
        int warmUp = Math.min(n, WARM_UP_DEVICES);
        StackProcess stack = ctx.stack();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String token = "Bearer " + stack.token("operator");
        String run = Long.toHexString(System.currentTimeMillis() & 0xfffffL);
        String warmGroup = "benchrot/warm-" + run;
        String group = "benchrot/" + run;
        // Policy.defaults caps a group at 6,000 requests a minute (100/s); a campaign goes at the least of its own
        // rate, its group's and the fleet's (StackProcess raises the fleet's), so lift the group's to the campaign's.
        putPolicy(http, stack, stack.token("fleet-admin"), "benchrot", MAX_RATE_PER_MINUTE);

        // A first campaign warms every service's JIT (a stack just started runs its first rotations interpreted, at a
        // fraction of its rate). It runs over a group of its own, at most WARM_UP_DEVICES strong, so the measured
        // devices all stand at generation 1 when their campaign starts, as a fleet whose units confirm does, and a
        // run of 100,000 devices does not pay for a second campaign as large as the first.
        register(ctx, http, stack, token, warmGroup, warmUp, "029");
        Campaign warm = campaign(http, stack, token, warmGroup, warmUp);
        ctx.say("rotation: warm-up campaign over %,d other devices published in %.1f s (%,.0f devices/s)",
                warm.total(), warm.seconds(), warm.total() / warm.seconds());

        register(ctx, http, stack, token, group, n, "02c");
        Campaign measured = campaign(http, stack, token, group, n);
        double seconds = measured.seconds();
        int total = measured.total();
        int failed = measured.failed();
        ctx.say("rotation: campaign over %,d devices published in %.1f s (%,.0f devices/s), %d failed", total, seconds,
                total / seconds, failed);
        double perCore = ctx.shared(PipelineCase.ROTATIONS_PER_CORE).isPresent()
                ? ctx.shared(PipelineCase.ROTATIONS_PER_CORE).getAsDouble() : PipelineCase.rotationsPerCore(ctx);
        Row row = Row.anchored(name(), String.format(Locale.ROOT, "end-to-end rotation, %,d devices", total),
                (total - failed) / seconds, "devices/s", "profile pipeline, 1 core (rotations/s)", perCore,
                Goal.atLeast(1000));
        if (failed > 0) {
            row = row.withNote(failed + " rotations failed");
        }
        if (total != n) {
            row = row.withNote("the campaign took " + total + " of the " + n + " devices");
        }
        return List.of(row);
    }

    /**
     * Imports {@code n} devices into {@code group} through registry's CSV import and waits until the scheduler's read
     * model shows generation 1 for every one (crypto-service issued and published it). MACs are {@code macPrefix},
     * then a run tag, then the index; the tag is shortened when the index needs more than four hex digits.
     */
    private static void register(BenchContext ctx, HttpClient http, StackProcess stack, String token, String group,
                                 int n, String macPrefix) throws Exception {
        String tag = String.format("%05x", System.nanoTime() & 0xfffffL);
        boolean wide = n > 0xffff;
        StringBuilder csv = new StringBuilder(n * 48).append("mac,model,serial,group,tenant\n");
        for (int i = 0; i < n; i++) {
            csv.append(macPrefix).append(wide ? tag.substring(0, 2) : tag)
                    .append(String.format(wide ? "%07x" : "%04x", i)).append(",SPA962,RT").append(i).append(',')
                    .append(group).append(",isp-bench\n");
        }
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base(stack, stack.registryPort())
                        + "/api/v1/devices:import")).header("Authorization", token).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(20)).POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (imported.statusCode() / 100 != 2) {
            throw new IOException("the import answered " + imported.statusCode() + ": " + imported.body());
        }
        long t0 = System.nanoTime();
        // crypto may still be busy with what earlier cases caused (the import's devices, delivery's fetch events).
        awaitFirstGeneration(stack, group, n, Duration.ofSeconds(300 + n / 10));
        double firstGeneration = (System.nanoTime() - t0) / 1e9;
        ctx.say("rotation: %,d devices registered in %s; every one at generation 1 after %.1f s (%,.0f/s)", n, group,
                firstGeneration, n / firstGeneration);
    }

    /** One campaign's span from its creation until the scheduler counts every device published (or failed). */
    private record Campaign(double seconds, int total, int failed) {
    }

    private static Campaign campaign(HttpClient http, StackProcess stack, String token, String group, int n)
            throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("group", group)
                .put("ratePerMinute", MAX_RATE_PER_MINUTE).put("canaryPercent", 0).put("emergency", true)
                .put("includeOffline", true).put("stopAfter", n + "/" + n));
        long t1 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base(stack, stack.schedulerPort())
                        + "/api/v1/campaigns")).header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IOException("the campaign was refused: " + created.statusCode() + " " + created.body());
        }
        String id = JSON.readTree(created.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120 + n / 10).toNanos();
        JsonNode c;
        while (true) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base(stack, stack.schedulerPort())
                    + "/api/v1/campaigns/" + id)).header("Authorization", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            c = JSON.readTree(status.body());
            JsonNode counts = c.path("counts");
            int done = counts.path("published").asInt() + counts.path("failed").asInt();
            if (done >= c.path("total").asInt() && c.path("total").asInt() > 0) {
                break;
            }
            if (System.nanoTime() > deadline || "halted".equals(c.path("state").asText())) {
                throw new IOException("the campaign did not finish: " + c);
            }
            // Each look at a campaign counts its devices (the view's progress, stragglers): a full read of a 100,000
            // device campaign in the scheduler's PostgreSQL. Every 200 ms that was a fifth of the stack's CPU during
            // the run it measured; looking every 2 % of the time so far (0.2 to 2 s) keeps the figure within 2 %.
            long elapsedMillis = (System.nanoTime() - t1) / 1_000_000;
            TimeUnit.MILLISECONDS.sleep(Math.max(200, Math.min(2_000, elapsedMillis / 50)));
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        // Published is where the figure ends; the campaign itself waits for confirmations no unit here sends, and
        // would hold the group against the next one (campaign-overlap): end it.
        HttpResponse<String> cancelled = http.send(HttpRequest.newBuilder(URI.create(base(stack, stack.schedulerPort())
                + "/api/v1/campaigns/" + id + "/cancel")).header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (cancelled.statusCode() / 100 != 2 && cancelled.statusCode() != 409) {
            throw new IOException("the campaign could not be ended: " + cancelled.statusCode() + " " + cancelled.body());
        }
        return new Campaign(seconds, c.path("total").asInt(), c.path("counts").path("failed").asInt());
    }

    private static void putPolicy(HttpClient http, StackProcess stack, String adminToken, String group,
                                  int maxPerMinute) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("maxPerMinute", maxPerMinute));
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base(stack, stack.schedulerPort())
                        + "/api/v1/policies/" + group)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
            throw new IOException("the policy of " + group + " was refused: " + put.statusCode() + " " + put.body());
        }
    }

    private static String base(StackProcess stack, int port) {
        return "http://" + stack.host() + ":" + port;
    }

    private static void awaitFirstGeneration(StackProcess stack, String group, int n, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection db = stack.database("scheduler");
             PreparedStatement q = db.prepareStatement("select count(*) from scheduler.device where grp = ?"
                     + " and state = 'active' and generation >= 1")) {
            q.setString(1, group);
            while (true) {
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= n) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("crypto-service did not issue generation 1 for all " + n + " devices within "
                            + limit.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }
}
