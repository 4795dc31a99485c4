package io.keyturn.bench;

import io.keyturn.bench.load.ProcessCpu;
import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.DeviceCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A local stack (module local-stack) run as a child process for the benchmarks, on its own ports (offset
 * {@value #PORT_OFFSET}) and its own data directory, so it never meets the stack a developer runs. It is stopped
 * like {@code ./keyturn down} stops one: SIGTERM to the supervisor, which stops its services, Kafka and
 * PostgreSQL.
 */
public final class StackProcess implements AutoCloseable {

    public static final int PORT_OFFSET = 300;
    private static final Duration START_LIMIT = Duration.ofMinutes(5);

    private final Path data;
    private final Process process;
    private final Path console;

    private StackProcess(Path data, Process process, Path console) {
        this.data = data;
        this.process = process;
        this.console = console;
    }

    /** Starts the stack and returns once every service is ready; the jar must be built. */
    public static StackProcess start(Path root, Path data, BenchContext context) throws IOException, InterruptedException {
        Path jar = root.resolve("local-stack/target/keyturn-local-stack.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the local stack is not built (" + jar + "); ./keyturn bench builds it");
        }
        Files.createDirectories(data);
        Path console = data.resolveSibling(data.getFileName() + "-console.log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dkeyturn.root=" + root, "-jar", jar.toString(),
                "up", "--port-offset", Integer.toString(PORT_OFFSET), "--data", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        // delivery holds the 10,000 benchmark files (240 MB) in its cache: give the services room beside them.
        String opts = System.getenv("KEYTURN_SERVICE_JAVA_OPTS");
        pb.environment().put("KEYTURN_SERVICE_JAVA_OPTS", opts != null ? opts : "-Xmx1g");
        // The fleet's rotation ceiling defaults to 6,000 a minute (100/s), an operator's brake against fetch storms;
        // the rotation case measures what the services can do, so its stack allows the scheduler's most.
        pb.environment().put("KEYTURN_SCHEDULER_FLEET_MAX_PER_MINUTE", "100000");
        context.say("starting the local stack (port offset %d, data %s) ...", PORT_OFFSET, data);
        long t0 = System.nanoTime();
        StackProcess stack = new StackProcess(data, pb.start(), console);
        try {
            stack.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
        context.say("local stack ready in %.1f s", (System.nanoTime() - t0) / 1e9);
        return stack;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
            if (text.contains("keyturn: ready in")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the local stack stopped while starting (exit " + process.exitValue() + "): "
                        + tail(text));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IOException("the local stack was not ready within " + START_LIMIT.toMinutes() + " minutes; see "
                + console);
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 4), lines.length));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public String host() {
        return "127.0.0.1";
    }

    public int registryPort() {
        return 8081 + PORT_OFFSET;
    }

    public int cryptoPort() {
        return 8082 + PORT_OFFSET;
    }

    public int schedulerPort() {
        return 8083 + PORT_OFFSET;
    }

    public int deliveryPort() {
        return 8084 + PORT_OFFSET;
    }

    public int deliveryHttpsPort() {
        return 8443 + PORT_OFFSET;
    }

    public int deliveryTftpPort() {
        return 6969 + PORT_OFFSET;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + (9092 + PORT_OFFSET);
    }

    /** A bearer token the stack's services accept, signed by its dev issuer. */
    public String token(String... roles) throws IOException {
        return DevIssuer.load(data.resolve("dev-issuer")).mint("keyturn-bench", List.of(roles), Duration.ofHours(4));
    }

    public DeviceCa deviceCa() throws IOException {
        return DeviceCa.load(data.resolve("secrets").resolve("device-ca"));
    }

    /** delivery's HTTPS server certificate and key (PEM files), for the nginx anchor. */
    public Path deliveryTlsCert() {
        return data.resolve("secrets").resolve("tls").resolve("tls.crt");
    }

    public Path deliveryTlsKey() {
        return data.resolve("secrets").resolve("tls").resolve("tls.key");
    }

    /**
     * Holds {@code component} down (the supervisor's hold file, then SIGTERM to its process) until
     * {@link #release}; for a diagnostic run that measures without it.
     */
    public void hold(String component) throws IOException, InterruptedException {
        Files.createDirectories(data.resolve("hold"));
        Files.writeString(data.resolve("hold").resolve(component), "held by keyturn bench\n");
        long pid = Long.parseLong(state().getProperty("component." + component + ".pid", "-1"));
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            handle.destroy();
            handle.onExit().toCompletableFuture().join();
        }
    }

    /**
     * The process ids the supervisor recorded for the stack's components, for telling the stack's processes from the
     * rest of the machine: PostgreSQL's postmaster runs outside the bench's process tree. Empty when unreadable.
     */
    public Set<Long> componentPids() {
        Set<Long> pids = new HashSet<>();
        try {
            Properties state = state();
            for (String key : state.stringPropertyNames()) {
                if (key.startsWith("component.") && key.endsWith(".pid")) {
                    pids.add(Long.parseLong(state.getProperty(key).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a state file being rewritten: the next call reads it whole
        }
        return pids;
    }

    /**
     * The CPU time {@code component}'s process and its children have used so far, in seconds (PostgreSQL's backends
     * are children of its postmaster); NaN when the component is not running or its time cannot be read
     * ({@link ProcessCpu#seconds}).
     */
    public double componentCpuSeconds(String component) {
        long pid;
        try {
            pid = Long.parseLong(state().getProperty("component." + component + ".pid", "-1").trim());
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return Double.NaN;
        }
        return ProcessCpu.seconds(handle);
    }

    private Properties state() throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("stack.properties"))) {
            state.load(in);
        }
        return state;
    }

    /** Lets the supervisor start {@code component} again. */
    public void release(String component) throws IOException {
        Files.deleteIfExists(data.resolve("hold").resolve(component));
    }

    /**
     * Releases {@code component} and waits until it answers ready again, so that the next case meets the whole
     * stack (after the import case, a --full run's rotation case met a crypto-service still starting, and its storm a
     * delivery-service still down).
     */
    public void releaseAndAwaitReady(String component, Duration timeout) throws IOException, InterruptedException {
        release(component);
        int port = switch (component) {
            case "registry-service" -> registryPort();
            case "crypto-service" -> cryptoPort();
            case "rotation-scheduler" -> schedulerPort();
            case "delivery-service" -> deliveryPort();
            case "console" -> 8080 + PORT_OFFSET;
            default -> throw new IllegalArgumentException("no health endpoint known for " + component);
        };
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + host() + ":" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(component + " was not ready " + timeout.toSeconds() + " s after its release");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    public Path deviceCaPem() {
        return data.resolve("secrets").resolve("device-ca").resolve("ca.pem");
    }

    /** A connection to one service's database with that service's login (registry, crypto, scheduler, delivery). */
    public Connection database(String name) throws IOException, SQLException {
        Properties logins = new Properties();
        try (InputStream in = Files.newInputStream(data.resolve("postgres-logins.properties"))) {
            logins.load(in);
        }
        return DriverManager.getConnection(logins.getProperty(name + ".url"), logins.getProperty(name + ".user"),
                logins.getProperty(name + ".password"));
    }

    /** A log of the stack (supervisor, delivery-service, ...). */
    public Path log(String component) {
        return data.resolve("logs").resolve(component + ".log");
    }

    /** Stops the stack and waits for it (its supervisor stops everything it started). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
