package io.keyturn.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service as production runs it, for the tests that kill one: its module's fast-jar (built by the package phase
 * before Failsafe runs) in a JVM of its own, in the prod profile, on this test run's PostgreSQL, Kafka and token
 * issuer, on a free HTTP port. {@link #kill} is SIGKILL: no shutdown hook, no last commit, as a crashed pod or an
 * OOM kill.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A service called {@code name} (for messages) from {@code target/quarkus-app/quarkus-run.jar}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The JVM exited before the service was ready. */
    public static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }

    /** How a {@link ServiceProcess} is started. */
    public static final class Builder {
        private final String name;
        private Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        private final List<String> jvmArguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path log;
        private Duration readyWithin = Duration.ofSeconds(120);
        private int attempts = 1;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.log = Path.of("target", name + ".log");
        }

        /** The fast-jar to run, when it is not this module's. */
        public Builder jar(Path value) {
            this.jar = value;
            return this;
        }

        /** JVM options and {@code -Dconfig=value} overrides, after the defaults (a later one wins). */
        public Builder jvm(String... arguments) {
            jvmArguments.addAll(List.of(arguments));
            return this;
        }

        /** One environment variable, after the test infrastructure's. */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Where the JVM's output is appended (default {@code target/<name>.log}). */
        public Builder log(Path value) {
            this.log = value;
            return this;
        }

        /** How long to wait for {@code /q/health/ready} (default 120 s). */
        public Builder readyWithin(Duration value) {
            this.readyWithin = value;
            return this;
        }

        /**
         * How many JVMs to start before giving up when one exits before it is ready (default 1): on a loaded machine
         * PostgreSQL can be slow to hand a restarted service its first connection. A start that keeps failing (state
         * a crash left that the service cannot read) still fails.
         */
        public Builder attempts(int value) {
            this.attempts = Math.max(1, value);
            return this;
        }

        /** Starts the JVM and waits until the service is ready. */
        public ServiceProcess start() throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce();
                } catch (ExitedEarly e) {
                    if (attempt >= attempts) {
                        throw e;
                    }
                    System.out.println(name + ": " + e.getMessage() + "; starting again");
                }
            }
        }

        private ServiceProcess startOnce() throws IOException {
            if (!Files.exists(jar)) {
                throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run through Maven's verify, after package");
            }
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Dquarkus.http.port=" + port,
                    // A killed member must leave its consumer groups quickly, or its partitions wait the default 45 s.
                    "-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000"));
            command.addAll(jvmArguments);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            TestPostgres pg = TestPostgres.get();
            Map<String, String> env = pb.environment();
            env.put("KEYTURN_DB_URL", pg.jdbcUrl());
            env.put("KEYTURN_DB_USER", pg.username());
            env.put("KEYTURN_DB_PASSWORD", pg.password());
            env.put("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", TestKafka.get().bootstrapServers());
            env.put("KEYTURN_JWT_PUBLIC_KEY_LOCATION", TestIssuer.get().issuer().publicKeyFile().toUri().toString());
            env.putAll(environment);
            ServiceProcess service = new ServiceProcess(name, pb.start(), port, log);
            service.awaitReady(readyWithin);
            return service;
        }
    }

    /** The HTTP port it listens on. */
    public int port() {
        return port;
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** Where its output goes. */
    public Path log() {
        return log;
    }

    /** The value of a metric on {@code /q/metrics} (its first series), or NaN while it is not exported. */
    public double metric(String metric) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/metrics").toURL()
                .openConnection();
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return Double.NaN;
    }

    private void awaitReady(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ExitedEarly(name + " exited with " + process.exitValue() + "; see " + log);
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
                throw new IOException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + wait + "; see " + log);
    }

    /** SIGKILL, and waits until the JVM is gone. */
    public void kill() throws InterruptedException {
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
