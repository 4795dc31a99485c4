package io.keyturn.crypto;

import io.keyturn.testsupport.TestIssuer;
import io.keyturn.testsupport.TestKafka;
import io.keyturn.testsupport.TestPostgres;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * crypto-service as production runs it: the module's fast-jar (built by the package phase before Failsafe runs) in a
 * JVM of its own, in the prod profile, on the test's PostgreSQL (a schema of its own) and Kafka, with the KEK and
 * sealing key of this test run in 0600 files. It can be killed with SIGKILL, as a crashed pod is.
 */
final class CryptoProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private CryptoProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service on {@code schema} and waits until it is ready; its output is appended to {@code log}. A JVM
     * that exits before it is ready is started again, twice at most: on a loaded machine PostgreSQL can be slow to
     * hand out the first connection. A start that keeps failing (state a crash left behind that the service cannot
     * read) still fails the test.
     */
    static CryptoProcess start(String schema, Path workDir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(schema, workDir);
            } catch (ExitedEarly e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("CrashRestartIT: " + e.getMessage() + "; starting again");
            }
        }
    }

    /** The JVM exited before it was ready. */
    static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }

    private static CryptoProcess startOnce(String schema, Path workDir) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run through Maven's verify, after package");
        }
        Files.createDirectories(workDir);
        Path keyring = secretFile(workDir.resolve("kek.keyring"),
                ConfigProvider.getConfig().getValue("keyturn.crypto.kek.keyring", String.class));
        Path sealing = secretFile(workDir.resolve("staging-seal.pem"),
                ConfigProvider.getConfig().getValue("keyturn.crypto.staging-seal.key", String.class));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = workDir.resolve("crypto-service.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.flyway.schemas=" + schema,
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.currentSchema=" + schema,
                "-Dkeyturn.platform.outbox.poll-interval=100ms", "-Dkeyturn.crypto.stranded-interval=1s",
                // A killed JVM's connections linger until PostgreSQL notices; a small pool and a patient first
                // connection keep restarts from failing on a loaded machine.
                "-Dquarkus.datasource.jdbc.max-size=6", "-Dquarkus.datasource.jdbc.acquisition-timeout=60s",
                // A killed member must leave the consumer group quickly, or its partitions wait for the default 45 s.
                "-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000",
                "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        TestPostgres pg = TestPostgres.get();
        Map<String, String> env = pb.environment();
        env.put("KEYTURN_DB_URL", pg.jdbcUrl());
        env.put("KEYTURN_DB_USER", pg.username());
        env.put("KEYTURN_DB_PASSWORD", pg.password());
        env.put("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", TestKafka.get().bootstrapServers());
        env.put("KEYTURN_JWT_PUBLIC_KEY_LOCATION", TestIssuer.get().issuer().publicKeyFile().toUri().toString());
        env.put("KEYTURN_CRYPTO_PROVISIONING_HOST", "prov.keyturn.test");
        env.put("KEYTURN_CRYPTO_KEK_KEYRING_FILE", keyring.toAbsolutePath().toString());
        env.put("KEYTURN_CRYPTO_KEK_ACTIVE_ID", CryptoKeysResource.KEK_ID);
        env.put("KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE", sealing.toAbsolutePath().toString());
        CryptoProcess p = new CryptoProcess(pb.start(), port, log);
        p.awaitReady(Duration.ofSeconds(120));
        return p;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The value of a metric without tags on /q/metrics, or NaN while it is not exported. */
    double metric(String name) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/metrics").toURL()
                .openConnection();
        c.setReadTimeout(5000);
        try (var in = c.getInputStream()) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return Double.NaN;
    }

    private static Path secretFile(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

    private void awaitReady(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ExitedEarly("crypto-service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                        .toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for crypto-service", e);
            }
        }
        throw new IllegalStateException("crypto-service not ready within " + wait + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no last commit, as a crash or an OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
