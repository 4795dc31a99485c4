package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.keyturn.registry.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * On demand, never in the suite (the name matches neither *Test nor *IT):
 * {@code ./mvnw -B -o -pl registry-service -am verify -Dit.test=ImportBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dkeyturn.bench.devices=1000000}.
 *
 * <p>Imports N devices from CSV through {@code POST /api/v1/devices:import} (checked, batched, one
 * {@code keyturn.device.registered} event per device in the outbox), then COPYs N rows of the same shape into the
 * same table with PostgreSQL's own COPY, and prints devices/s of both and their ratio (the goal: at least
 * 0.3 of raw COPY, events included).
 */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class ImportBenchmark {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void importsThroughTheApiAgainstRawCopy() throws Exception {
        int n = Integer.getInteger("keyturn.bench.devices", 100_000);
        String run = Long.toHexString(System.nanoTime() & 0xffffL);
        Path csv = Files.createTempFile("bench-import", ".csv");
        Path copy = Files.createTempFile("bench-copy", ".tsv");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.US_ASCII), 1 << 16)) {
                w.write("mac,model,serial,group,tenant,params.Display_Name_1_\n");
                for (int i = 0; i < n; i++) {
                    w.write(mac("a", run, i) + ",SPA962,SN" + i + ",bench/region" + (i % 16) + ",isp-bench,Desk " + i
                            + "\n");
                }
            }
            String now = Instant.now().toString();
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(copy, StandardCharsets.US_ASCII), 1 << 16)) {
                for (int i = 0; i < n; i++) {
                    w.write(mac("b", run, i) + "\tSPA962\t962\tSN" + i + "\tbench/region" + (i % 16)
                            + "\tisp-bench\tmtls\t\\N\t{\"Display_Name_1_\":\"Desk " + i + "\"}\t{}\tregistered\t1\t"
                            + now + "\t" + now + "\n");
                }
            }

            long t0 = System.nanoTime();
            JsonPath job = given().header("Authorization", Fixtures.operator()).contentType("text/csv")
                    .body(csv.toFile()).post("/api/v1/devices:import").then().statusCode(202).extract().jsonPath();
            double apiSeconds = (System.nanoTime() - t0) / 1e9;
            if (job.getLong("imported") != n) {
                throw new AssertionError("imported " + job.getLong("imported") + " of " + n);
            }

            long t1 = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Reader r = Files.newBufferedReader(copy)) {
                c.setAutoCommit(false);
                long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY device (mac, model, psn, serial,"
                        + " group_path, tenant, bootstrap_mode, sealed_staging_key, params, sealed_params, state,"
                        + " version, created_at, updated_at) FROM STDIN", r);
                c.commit();
                if (rows != n) {
                    throw new AssertionError("copied " + rows + " of " + n);
                }
            }
            double copySeconds = (System.nanoTime() - t1) / 1e9;

            System.out.printf("%nImportBenchmark, %d devices:%n  API import (with events): %.1f s, %.0f devices/s%n"
                            + "  PostgreSQL COPY:          %.1f s, %.0f devices/s%n  ratio API/COPY: %.2f%n%n",
                    n, apiSeconds, n / apiSeconds, copySeconds, n / copySeconds, copySeconds / apiSeconds);
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(copy);
        }
    }

    /** Distinct MACs per run and side: prefix 02 (locally administered), side a/b, 4 hex of run, 5 of index. */
    private static String mac(String side, String run, int i) throws IOException {
        return "02" + side + String.format("%4s", run).replace(' ', '0') + String.format("%05x", i);
    }
}
