package io.keyturn.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka cluster in KRaft mode (one process is both broker and controller), run as a child JVM on
 * this module's own runtime classpath. Its data lives in {@code kafka/data} of the data directory, so a restart
 * keeps every record.
 */
final class KafkaNode {

    private final DataDir dir;
    private final Ports ports;

    KafkaNode(DataDir dir, Ports ports) {
        this.dir = dir;
        this.ports = ports;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + ports.kafka();
    }

    Path config() {
        return dir.kafka().resolve("server.properties");
    }

    /** The broker configuration: loopback listeners, replication factor 1 everywhere, no rebalance delay. */
    String serverProperties() {
        return String.join("\n",
                "# Written by keyturn's local stack at every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + ports.kafkaController(),
                "listeners=PLAINTEXT://127.0.0.1:" + ports.kafka() + ",CONTROLLER://127.0.0.1:" + ports.kafkaController(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.kafka(),
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.kafka().resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    /** Writes the configuration and, for a new data directory, formats the storage. */
    void prepare() throws StackException {
        try {
            Files.createDirectories(dir.kafka());
            Files.writeString(config(), serverProperties(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackException("cannot write " + config() + ": " + e.getMessage(), e);
        }
        if (!Files.exists(dir.kafka().resolve("data").resolve("meta.properties"))) {
            List<String> args = new ArrayList<>(jvmOptions());
            args.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", config().toString()));
            JavaProcess.runToEnd(args, dir.root(), dir.log("kafka"), "formatting Kafka's storage");
        }
    }

    JavaProcess start() throws IOException {
        List<String> args = new ArrayList<>(jvmOptions());
        args.add("kafka.Kafka");
        args.add(config().toString());
        return JavaProcess.start(args, Map.of(), dir.root(), dir.log("kafka"));
    }

    /** Waits until the broker answers a metadata request. */
    void awaitReady(Duration timeout) throws StackException {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            while (true) {
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new StackException("Kafka did not become ready within " + timeout.toSeconds()
                                + " s (log: " + dir.log("kafka") + ")");
                    }
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new StackException("interrupted while waiting for Kafka");
                    }
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for Kafka");
        }
    }

    /** Whether something accepts connections on the broker port right now (for `status`). */
    boolean isListening() {
        return Probe.tcpOpen(ports.kafka());
    }

    private List<String> jvmOptions() {
        return List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dkeyturn.stack=" + dir.root(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss,SSS",
                "-cp", classpath());
    }

    /**
     * The supervisor's own runtime classpath: {@code keyturn-local-stack.jar} plus {@code lib/*} beside it when it
     * runs from the packaged jar, or the JVM's class path when it runs from classes (tests, an IDE).
     */
    static String classpath() {
        try {
            Path location = Path.of(KafkaNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar")) {
                return location + File.pathSeparator + location.resolveSibling("lib") + File.separator + "*";
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall through to the JVM's own class path.
        }
        return System.getProperty("java.class.path");
    }
}
