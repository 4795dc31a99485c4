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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                outbox, in the same transactions), timed until the response. The anchor COPYs N rows of the same
                shape (other MACs) into the same `registry.device` table with PostgreSQL's own `COPY FROM STDIN`
                over the registry's login, in one transaction: the bare cost of getting the rows in. The imported
                devices stay registered; crypto-service then issues their first generation in the background.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int n = ctx.mode().pick(2_000, 20_000, 100_000);
        StackProcess stack = ctx.stack();
        StringBuilder csv = new StringBuilder(n * 64);
        csv.append("mac,model,serial,group,tenant,params.Display_Name_1_\n");
        for (int i = 0; i < n; i++) {
            csv.append(mac('a', i)).append(",SPA962,SN").append(i).append(",bench/region").append(i % 16)
                    .append(",isp-bench,Desk ").append(i).append('\n');
        }
        String now = Instant.now().toString();
        StringBuilder tsv = new StringBuilder(n * 160);
        for (int i = 0; i < n; i++) {
            tsv.append(mac('b', i)).append("\tSPA962\t962\tSN").append(i).append("\tbench/region").append(i % 16)
                    .append("\tisp-bench\tmtls\t\\N\t{\"Display_Name_1_\":\"Desk ").append(i)
                    .append("\"}\t{}\tregistered\t1\t").append(now).append('\t').append(now).append('\n');
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + stack.host() + ":" + stack.registryPort()
                        + "/api/v1/devices:import"))
                .header("Authorization", "Bearer " + stack.token("operator"))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(20))
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double apiSeconds = (System.nanoTime() - t0) / 1e9;
        if (response.statusCode() / 100 != 2 || !response.body().contains("\"imported\":" + n)) {
            throw new IOException("the import answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        long t1 = System.nanoTime();
        try (Connection c = stack.database("registry")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO registry");
            }
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY device (mac, model, psn, serial,"
                    + " group_path, tenant, bootstrap_mode, sealed_staging_key, params, sealed_params, state,"
                    + " version, created_at, updated_at) FROM STDIN", new StringReader(tsv.toString()));
            c.commit();
            if (rows != n) {
                throw new IOException("COPY took " + rows + " rows of " + n);
            }
            double copySeconds = (System.nanoTime() - t1) / 1e9;
            // The COPY rows have no events behind them: remove them so no service meets a device it never heard of.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM device WHERE mac LIKE '02b%'");
            }
            c.commit();
            ctx.say("import: API %,d devices in %.1f s (%,.0f/s); COPY %.2f s (%,.0f/s)", n, apiSeconds, n / apiSeconds,
                    copySeconds, n / copySeconds);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                ctx.version("PostgreSQL", rs.getString(1));
            }
            return List.of(Row.anchored(name(), String.format(java.util.Locale.ROOT,
                            "bulk import, %,d devices (CSV over REST, with events)", n), n / apiSeconds, "devices/s",
                    "PostgreSQL COPY, same rows", n / copySeconds, Goal.ratioAtLeast(0.3)));
        }
    }

    /** Distinct MACs per side: 02 (locally administered), the side, then 9 hex digits of the index. */
    static String mac(char side, int i) {
        return "02" + side + String.format("%09x", i);
    }
}
