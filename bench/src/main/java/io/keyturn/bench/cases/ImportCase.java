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
                N devices (100,000 with `--full`, 20,000 by default, 2,000 with `--quick`) as CSV
                (`mac,model,serial,group,tenant,params.Display_Name_1_`) through the stack's
                `POST /api/v1/devices:import` (checked, batched, one `device.registered` event per device in the
                outbox, in the same transactions), timed until the response, with the whole stack running: the relay
                publishes the events while the import runs and crypto-service issues and renders each device's first
                generation meanwhile, on the same cores. The anchor COPYs N rows of the same shape (other MACs) into
                the same `registry.device` table with PostgreSQL's own `COPY FROM STDIN` over the registry's login, in
                one transaction: the bare cost of getting the rows in. Both sides are measured warm and on a settled
                stack: an unmeasured import of 5,000 devices and an unmeasured COPY of N rows come
                first (a service just started runs its first thousands of lines interpreted), and each measurement
                starts once crypto-service has issued generation 1 for every device imported before it (the registry
                shows it), so neither side pays for the other's aftermath. The imported devices stay registered.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int n = ctx.mode().pick(2_000, 20_000, 100_000);
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
            copy(c, 'e', tsv('e', n), n);
            ctx.say("import: stack settled %.1f s after the warm-up began", (System.nanoTime() - w0) / 1e9);

            String body = csv('a', n);
            long t0 = System.nanoTime();
            importCsv(http, stack, body, n);
            double apiSeconds = (System.nanoTime() - t0) / 1e9;
            awaitFirstGeneration(c, 'a', n);

            String copyRows = tsv('b', n);
            long t1 = System.nanoTime();
            copy(c, 'b', copyRows, n);
            double copySeconds = (System.nanoTime() - t1) / 1e9;
            ctx.say("import: API %,d devices in %.2f s (%,.0f/s); COPY %.2f s (%,.0f/s)", n, apiSeconds, n / apiSeconds,
                    copySeconds, n / copySeconds);
            List<Row> rows = new java.util.ArrayList<>();
            rows.add(Row.anchored(name(), String.format(java.util.Locale.ROOT,
                            "bulk import, %,d devices (CSV over REST, with events)", n), n / apiSeconds, "devices/s",
                    "PostgreSQL COPY, same rows", n / copySeconds, Goal.ratioAtLeast(0.3)));
            if (Boolean.getBoolean("keyturn.bench.import.hold-crypto")) {
                rows.add(withoutCrypto(ctx, http, stack, c, n));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                ctx.version("PostgreSQL", rs.getString(1));
            }
            c.commit();
            return rows;
        }
    }

    /**
     * Diagnostic ({@code -Dkeyturn.bench.import.hold-crypto=true}, not part of the reported run): the same import with
     * crypto-service held down, so nothing consumes the registrations while they are imported; how much of the gap
     * to COPY is the rest of the stack reacting to them on the same cores.
     */
    private Row withoutCrypto(BenchContext ctx, HttpClient http, StackProcess stack, Connection c, int n)
            throws Exception {
        stack.hold("crypto-service");
        try {
            String body = csv('f', n);
            long t0 = System.nanoTime();
            importCsv(http, stack, body, n);
            double apiSeconds = (System.nanoTime() - t0) / 1e9;
            String rows = tsv('b', n);
            long t1 = System.nanoTime();
            copy(c, 'b', rows, n);
            double copySeconds = (System.nanoTime() - t1) / 1e9;
            ctx.say("import, crypto-service held down: API %,d devices in %.2f s (%,.0f/s); COPY %.2f s (%,.0f/s)", n,
                    apiSeconds, n / apiSeconds, copySeconds, n / copySeconds);
            return Row.anchored(name(), String.format(java.util.Locale.ROOT,
                            "bulk import, %,d devices, crypto-service held down (diagnostic)", n), n / apiSeconds,
                    "devices/s", "PostgreSQL COPY, same rows", n / copySeconds, Goal.ratioAtLeast(0.3));
        } finally {
            stack.release("crypto-service");
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
        long deadline = System.nanoTime() + Duration.ofSeconds(300 + n / 10).toNanos();
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM device WHERE mac LIKE ?"
                + " AND generation >= 1")) {
            q.setString(1, "02" + side + "%");
            while (true) {
                long done;
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    done = rs.getLong(1);
                }
                c.commit();
                if (done >= n) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("crypto-service issued generation 1 for " + done + " of " + n
                            + " imported devices within " + (300 + n / 10) + " s");
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /** Distinct MACs per side: 02 (locally administered), the side, then 9 hex digits of the index. */
    static String mac(char side, int i) {
        return "02" + side + String.format("%09x", i);
    }
}
