package io.keyturn.scheduler;

import io.keyturn.testsupport.TestIssuer;
import io.keyturn.testsupport.TestKafka;
import io.keyturn.testsupport.TestPostgres;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second scheduler replica: the module's own fast-jar (built by the package phase before Failsafe runs) in a
 * separate JVM, on the test's PostgreSQL and Kafka, in the prod profile. It can be killed like a crashed pod.
 */
final class ReplicaProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    final Path log;

    private ReplicaProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ReplicaProcess start(String instanceId) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run through Maven's verify, after package");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "replica-" + instanceId + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dkeyturn.scheduler.instance-id=" + instanceId,
                // A crashed member must leave the consumer group quickly, or its partitions wait for the default 45 s.
                "-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000",
                "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        TestPostgres pg = TestPostgres.get();
        Map<String, String> env = pb.environment();
        env.put("KEYTURN_DB_URL", pg.jdbcUrl());
        env.put("KEYTURN_DB_USER", pg.username());
        env.put("KEYTURN_DB_PASSWORD", pg.password());
        env.put("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", TestKafka.get().bootstrapServers());
        env.put("KEYTURN_JWT_PUBLIC_KEY_LOCATION", TestIssuer.get().issuer().publicKeyFile().toUri().toString());
        ReplicaProcess replica = new ReplicaProcess(pb.start(), port, log);
        replica.awaitReady(Duration.ofSeconds(120));
        return replica;
    }

    private void awaitReady(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("replica exited with " + process.exitValue() + "; see " + log);
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
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the replica", e);
            }
        }
        throw new IllegalStateException("replica not ready within " + wait + "; see " + log);
    }

    /** Kills the replica without letting it shut down (SIGKILL), as a crash would. */
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
