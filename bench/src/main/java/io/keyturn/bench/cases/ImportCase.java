package io.keyturn.bench.cases;

import io.keyturn.bench.BenchCase;
import io.keyturn.bench.BenchContext;
import io.keyturn.bench.StackProcess;
import io.keyturn.bench.report.Goal;
import io.keyturn.bench.report.Row;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * Bulk import through registry's REST API against PostgreSQL's COPY of the same rows into the same table.
 */
public final class ImportCase implements BenchCase {

    @Override
    public String name() {
        return "import";
    }

    @Override
    public boolean needsStack() {
        return true;
    }

    @Override
    public String method() {
        return """
                Two measurements, each against PostgreSQL's own `COPY FROM STDIN` of as many rows of the same shape
                (other MACs) into the same `registry.device` table over the registry's login, in one transaction,
                measured right after it on the same stack: the bare cost of getting the rows in.
                **Registry alone** (the goal's row): N devices (1,000,000 with `--full`, 20,000 by default, 2,000
                with `--quick`) as CSV (`mac,model,serial,group,tenant,params.Display_Name_1_`) through
                `POST /api/v1/devices:import` (checked, batched, one `device.registered` event per device written to
                the outbox in the same transactions, as bundle rows), timed from the request until registry's relay has published the
                last event to `keyturn.devices` (the response's own time is in the row's note), with crypto-service,
                rotation-scheduler, delivery-service and the console held down; the COPY starts after that. This is
                the registry's whole cost of an import, events included, against COPY's, on the same cores. **Whole stack** (100,000 with `--full`): the same import while
                every service runs and reacts, crypto-service issuing and rendering each device's first generation on
                the same two cores, timed until the response; its COPY starts once crypto-service has issued generation 1 for every device, so
                neither side pays for the other's aftermath. It shows what an import costs a running stack, and has
                no goal. Both are measured warm: an unmeasured import of 5,000 devices and an unmeasured COPY come
                first (a service just started runs its first thousands of lines interpreted), and the registry-alone
                measurement has its own unmeasured import and COPY (500,000 with `--full`) once the consumers are down, then
                5 s of quiet: on two busy cores the JIT needs that long (with 200,000 and 10 s of quiet it still
                compiled 500 methods at level 4 during the measured import, and C2 took a fifth of the machine).
                The imported devices stay registered.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int alone = ctx.mode().pick(2_000, 20_000, 1_000_000);
        int whole = ctx.mode().pick(2_000, 20_000, 100_000);
        // Enough to compile the import's hot path; crypto-service must then issue every warm-up device's first
        // generation before the measurement starts, which is what --quick cannot afford much of.
        int warmUp = ctx.mode().pick(1_000, 5_000, 5_000);
        StackProcess stack = ctx.stack();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (Connection c = stack.database("registry")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO registry");
            }
            c.commit();
            long w0 = System.nanoTime();
            importCsv(http, stack, csv('d', warmUp), warmUp);
            ctx.say("import: warm-up of %,d devices in %.1f s", warmUp, (System.nanoTime() - w0) / 1e9);
            awaitFirstGeneration(c, 'd', warmUp);
            copy(c, 'e', tsv('e', whole), whole);
            ctx.say("import: stack settled %.1f s after the warm-up began", (System.nanoTime() - w0) / 1e9);

            // Diagnostic switch for working on the registry alone: skips the whole-stack measurement (its row reads 0).
            Measured stackWide = Boolean.getBoolean("keyturn.bench.import.registry-alone-only") ? new Measured(0, 0, 0)
                    : measure(ctx, http, stack, c, 'a', 'b', whole, () -> awaitFirstGeneration(c, 'a', whole));
            ctx.say("import, whole stack: API %,d devices in %.2f s (%,.0f/s); COPY %.2f s (%,.0f/s)", whole,
                    stackWide.apiSeconds, whole / stackWide.apiSeconds, stackWide.copySeconds,
                    whole / stackWide.copySeconds);

            for (String consumer : CONSUMERS) {
                stack.hold(consumer);
            }
            Measured registryAlone;
            try {
                // The registry's own warm-up for this path: with the consumers down it runs at several times the
                // whole-stack rate. On two busy cores the JIT needs long to catch up. With 50,000 devices C2 was still
                // compiling 10 s into the measured import (29 % of the machine, perf). With 200,000 (7 s) and 10 s
                // quiet it compiled 500 methods at level 4 during the measured 28 s (-XX:+PrintCompilation), and
                // 22 % of the machine's samples were C2 threads: its queue had run long enough that the JIT fell
                // back to level 2, and the quiet pause drops stale tasks rather than compiling them. So: a warm-up
                // as long as half the measurement, straight through.
                int aloneWarmUp = ctx.mode().pick(1_000, 50_000, 500_000);
                measure(ctx, http, stack, c, '1', '2', aloneWarmUp, () -> awaitRelayed(c));
                TimeUnit.SECONDS.sleep(ctx.mode().pick(1, 5, 5));
                registryAlone = measure(ctx, http, stack, c, 'c', 'f', alone, () -> awaitRelayed(c));
            } finally {
                for (String consumer : CONSUMERS) {
                    stack.releaseAndAwaitReady(consumer, Duration.ofMinutes(3));
                }
            }
            ctx.say("import, registry alone: API %,d devices answered in %.2f s, every event on Kafka after %.2f s"
                    + " (%,.0f/s); COPY %.2f s (%,.0f/s)", alone, registryAlone.apiSeconds,
                    registryAlone.settledSeconds, alone / registryAlone.settledSeconds, registryAlone.copySeconds,
                    alone / registryAlone.copySeconds);
            // The goal's row counts until the relay has published the last event: the outbox commits the events with
            // the devices, but an import is not done for the fleet until its events are on keyturn.devices.
            List<Row> rows = List.of(
                    Row.anchored(name(), String.format(java.util.Locale.ROOT,
                                    "bulk import, %,d devices (CSV over REST, until every event is on Kafka),"
                                            + " registry alone", alone),
                            alone / registryAlone.settledSeconds, "devices/s", "PostgreSQL COPY, same rows",
                            alone / registryAlone.copySeconds, Goal.ratioAtLeast(0.3))
                            .withNote(String.format(java.util.Locale.ROOT, "the API answered after %.2f s (%,.0f/s);"
                                            + " the relay published the last event %.2f s later", registryAlone.apiSeconds,
                                    alone / registryAlone.apiSeconds,
                                    registryAlone.settledSeconds - registryAlone.apiSeconds)),
                    Row.anchored(name(), String.format(java.util.Locale.ROOT,
                                    "bulk import, %,d devices, whole stack reacting (until the response)", whole),
                            whole / stackWide.apiSeconds, "devices/s", "PostgreSQL COPY, same rows",
                            whole / stackWide.copySeconds, Goal.NONE));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                ctx.version("PostgreSQL", rs.getString(1));
            }
            c.commit();
            return rows;
        }
    }

    /** The services that consume the registrations; held down for the registry-alone measurement. */
    private static final List<String> CONSUMERS = List.of("crypto-service", "rotation-scheduler", "delivery-service",
            "console");

    private record Measured(double apiSeconds, double settledSeconds, double copySeconds) {
    }

    private interface Settle {
        void await() throws Exception;
    }

    /**
     * Imports n devices of {@code apiSide}, waits for {@code settled}, then COPYs n rows of {@code copySide}. The
     * import's time is until the response; {@code settledSeconds} is until {@code settled} returned, from the start.
     */
    private static Measured measure(BenchContext ctx, HttpClient http, StackProcess stack, Connection c, char apiSide,
                                    char copySide, int n, Settle settled) throws Exception {
        String body = csv(apiSide, n);
        long t0 = System.nanoTime();
        importCsv(http, stack, body, n);
        double apiSeconds = (System.nanoTime() - t0) / 1e9;
        ctx.say("import: %,d devices through the API in %.2f s; settling before the COPY", n, apiSeconds);
        body = null;
        settled.await();
        double settledSeconds = (System.nanoTime() - t0) / 1e9;
        ctx.say("import: settled %.1f s after the response", settledSeconds - apiSeconds);
        String rows = tsv(copySide, n);
        long t1 = System.nanoTime();
        copy(c, copySide, rows, n);
        return new Measured(apiSeconds, settledSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** Waits until registry's relay has published every event in its outbox. */
    private static void awaitRelayed(Connection c) throws Exception {
        // At most one row read (the pending index's head): a count of the backlog would read all of it.
        pollUntilZero(c, "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1) p", null,
                Duration.ofMinutes(10), 100, left -> "registry's relay left events unpublished for 10 minutes");
    }

    /** Runs {@code countSql} (its one parameter {@code arg}, if any) until it answers 0, or fails with a message. */
    private static void pollUntilZero(Connection c, String countSql, String arg, Duration timeout, long everyMillis,
                                      java.util.function.LongFunction<String> failure) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement q = c.prepareStatement(countSql)) {
            if (arg != null) {
                q.setString(1, arg);
            }
            while (true) {
                long left;
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
                c.commit();
                if (left == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(failure.apply(left));
                }
                TimeUnit.MILLISECONDS.sleep(everyMillis);
            }
        }
    }

    private static String csv(char side, int n) {
        StringBuilder csv = new StringBuilder(n * 64);
        csv.append("mac,model,serial,group,tenant,params.Display_Name_1_\n");
        for (int i = 0; i < n; i++) {
            csv.append(mac(side, i)).append(",SPA962,SN").append(i).append(",bench/region").append(i % 16)
                    .append(",isp-bench,Desk ").append(i).append('\n');
        }
        return csv.toString();
    }

    private static String tsv(char side, int n) {
        String now = Instant.now().toString();
        StringBuilder tsv = new StringBuilder(n * 160);
        for (int i = 0; i < n; i++) {
            tsv.append(mac(side, i)).append("\tSPA962\t962\tSN").append(i).append("\tbench/region").append(i % 16)
                    .append("\tisp-bench\tmtls\t\\N\t{\"Display_Name_1_\":\"Desk ").append(i)
                    .append("\"}\t{}\tregistered\t1\t").append(now).append('\t').append(now).append('\n');
        }
        return tsv.toString();
    }

    private static void importCsv(HttpClient http, StackProcess stack, String body, int n) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + stack.host() + ":" + stack.registryPort()
                        + "/api/v1/devices:import"))
                .header("Authorization", "Bearer " + stack.token("operator"))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 || !response.body().contains("\"imported\":" + n)) {
            throw new IOException("the import answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    /**
     * COPYs the rows in one transaction, then removes them: COPY rows have no events behind them, and no service may
     * meet a device it never heard of.
     */
    private static void copy(Connection c, char side, String rows, int n) throws Exception {
        long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY device (mac, model, psn, serial,"
                + " group_path, tenant, bootstrap_mode, sealed_staging_key, params, sealed_params, state,"
                + " version, created_at, updated_at) FROM STDIN", new StringReader(rows));
        c.commit();
        if (copied != n) {
            throw new IOException("COPY took " + copied + " rows of " + n);
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM device WHERE mac LIKE '02" + side + "%'");
        }
        c.commit();
    }

    /**
     * Waits until the registry shows generation 1 for every device of {@code side}: crypto-service has issued and
     * published it, so the stack is no longer busy with those registrations.
     */
    private static void awaitFirstGeneration(Connection c, char side, int n) throws Exception {
        int seconds = 300 + n / 10;
        pollUntilZero(c, "SELECT count(*) FROM device WHERE mac LIKE ? AND (generation IS NULL OR generation < 1)",
                "02" + side + "%", Duration.ofSeconds(seconds), 250, left -> "crypto-service had not issued generation 1"
                        + " for " + left + " of " + n + " imported devices within " + seconds + " s");
    }

    /** Distinct MACs per side: 02 (locally administered), the side, then 9 hex digits of the index. */
    static String mac(char side, int i) {
        return "02" + side + String.format("%09x", i);
    }
}
