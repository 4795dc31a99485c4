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

            Cpu cpu = new Cpu(dataSource);
            HeapPeak heap = HeapPeak.start();
            Cpu.Sample c0 = cpu.sample();
            long t0 = System.nanoTime();
            // The import answers when it is done: minutes for a million lines, far past REST Assured's 30 s.
            JsonPath job = given().config(io.restassured.RestAssured.config().httpClient(
                            io.restassured.config.HttpClientConfig.httpClientConfig()
                                    .setParam("http.socket.timeout", 3_600_000)))
                    .header("Authorization", Fixtures.operator()).contentType("text/csv")
                    .body(csv.toFile()).post("/api/v1/devices:import").then().statusCode(202).extract().jsonPath();
            double apiSeconds = (System.nanoTime() - t0) / 1e9;
            Cpu.Sample c1 = cpu.sample();
            long peakHeap = heap.stop();
            if (job.getLong("imported") != n) {
                throw new AssertionError("imported " + job.getLong("imported") + " of " + n);
            }

            // The relay publishes the import's events meanwhile, as in production; let it finish before the COPY so
            // its work is not counted against the COPY.
            long drained = drainOutbox();
            Cpu.Sample c2 = cpu.sample();
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
            Cpu.Sample c3 = cpu.sample();

            System.out.printf("%nImportBenchmark, %d devices:%n  API import (with events): %.1f s, %.0f devices/s%n"
                            + "  PostgreSQL COPY:          %.1f s, %.0f devices/s%n  ratio API/COPY: %.2f%n"
                            + "  CPU seconds, API import: JVM %.1f + PostgreSQL %.1f; COPY: JVM %.1f + PostgreSQL %.1f"
                            + " (the JVM also runs the test's Kafka broker and the relay)%n"
                            + "  peak heap used during the import: %d MB of %d MB; outbox drained in %d ms before the COPY%n"
                            + "  load average at the end: %.1f%n%n",
                    n, apiSeconds, n / apiSeconds, copySeconds, n / copySeconds, copySeconds / apiSeconds,
                    c1.jvm() - c0.jvm(), c1.postgres() - c0.postgres(), c3.jvm() - c2.jvm(),
                    c3.postgres() - c2.postgres(), peakHeap >> 20,
                    java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20,
                    drained, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(copy);
        }
    }

    /** Waits until the relay has published every outbox row; the milliseconds it took. */
    private long drainOutbox() throws Exception {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            while (true) {
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0 || System.nanoTime() - start > 1_800_000_000_000L) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * CPU time of this JVM and of the test PostgreSQL (its postmaster, live backends and reaped children, from
     * /proc): on a machine shared with other builds, wall-clock figures drift with the load; CPU seconds less so.
     */
    private static final class Cpu {
        record Sample(double jvm, double postgres) {
        }

        private final long postmaster;

        Cpu(AgroalDataSource dataSource) throws Exception {
            long backend;
            try (Connection c = dataSource.getConnection();
                 java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
            this.postmaster = Long.parseLong(stat(backend)[3]);
        }

        Sample sample() throws IOException {
            double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            long ticks = 0;
            String[] pm = stat(postmaster);
            ticks += Long.parseLong(pm[13]) + Long.parseLong(pm[14]) + Long.parseLong(pm[15]) + Long.parseLong(pm[16]);
            try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String[] f = stat(Long.parseLong(name));
                        if (Long.parseLong(f[3]) == postmaster) {
                            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // The process ended between the listing and the read; its time is in cutime now.
                    }
                }
            }
            return new Sample(jvm, ticks / 100.0);
        }

        /** The fields of /proc/PID/stat, from the state on (index 0 = pid, 1 = comm, 2 = state, 3 = ppid, ...). */
        private static String[] stat(long pid) throws IOException {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String rest = text.substring(text.lastIndexOf(')') + 2);
            String[] tail = rest.split(" ");
            String[] out = new String[tail.length + 2];
            out[0] = Long.toString(pid);
            out[1] = "comm";
            System.arraycopy(tail, 0, out, 2, tail.length);
            return out;
        }
    }

    /** The most heap in use during the import, sampled every 50 ms. */
    private static final class HeapPeak {
        private final Thread sampler;
        private volatile boolean running = true;
        private volatile long peak;

        private HeapPeak() {
            sampler = new Thread(() -> {
                java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            sampler.setDaemon(true);
        }

        static HeapPeak start() {
            HeapPeak h = new HeapPeak();
            h.sampler.start();
            return h;
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak;
        }
    }

    /** Distinct MACs per run and side: prefix 02 (locally administered), side a/b, 4 hex of run, 5 of index. */
    private static String mac(String side, String run, int i) throws IOException {
        return "02" + side + String.format("%4s", run).replace(' ', '0') + String.format("%05x", i);
    }
}
