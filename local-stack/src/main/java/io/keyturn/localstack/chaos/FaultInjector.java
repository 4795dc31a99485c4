package io.keyturn.localstack.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Does to a running local stack what a {@link Fault} says, the way an operator (or a bad day) would: through the
 * pids the supervisor records, its hold files, the broker's Admin API and the service databases' logins. Each
 * {@link #inject} returns once the stack is whole again, with how long that took; a stack that does not recover
 * within {@link #RECOVERY_LIMIT} is an {@link IOException} naming the fault.
 */
public final class FaultInjector {

    static final Duration RECOVERY_LIMIT = Duration.ofMinutes(4);
    /** Each service's Kafka consumer group: its name (application.properties of each service). */
    private static final Map<String, String> CONSUMER_GROUPS = Map.of("registry-service", "registry-service",
            "crypto-service", "crypto-service", "rotation-scheduler", "rotation-scheduler",
            "delivery-service", "delivery-service");
    /** Delivery's file store (delivery-service V2__published_files.sql), owned by its login. */
    private static final String STORE_TABLE = "delivery.published_file";
    private static final String STORE_ROLE = "delivery";
    private static final int MAX_COPIES = 300;
    private static final Duration REFUSAL_EXTENSION = Duration.ofSeconds(30);
    /** What platform's ServiceClock logs when it starts skewed. */
    static final String SKEW_WARNING = "this service's clock is skewed by";

    private final ChaosTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FaultInjector(ChaosTarget target) {
        this.target = target;
    }

    public FaultOutcome inject(Fault fault) throws IOException, InterruptedException {
        try {
            return switch (fault.kind()) {
                case KILL_ONE_SERVICE, KILL_TWO_SERVICES -> kill(fault);
                case BROKER_RESTART -> brokerRestart(fault);
                case POSTGRES_RESTART -> postgresRestart(fault);
                case CONSUMER_GROUP_REPLAY -> replay(fault);
                case DUPLICATE_AND_REORDER -> duplicateAndReorder(fault);
                case STORE_REFUSES_WRITES -> refuseWrites(fault);
                case CLOCK_SKEW -> skewClock(fault);
            };
        } catch (ExecutionException | TimeoutException | SQLException e) {
            throw new IOException(fault.label() + " could not be injected: " + e.getMessage(), e);
        }
    }

    /** SIGKILL to every named service at once; the supervisor must restart each. */
    private FaultOutcome kill(Fault fault) throws IOException, InterruptedException {
        Map<String, Component> before = components(fault.services());
        for (Component c : before.values()) {
            ProcessHandle.of(c.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        Instant killed = Instant.now();
        int restarts = awaitRestarted(fault, before);
        return new FaultOutcome(fault, seconds(killed), restarts, "pids " + pids(before) + " killed");
    }

    /** The broker held down (hold file), killed, kept down for the fault's outage, then released. */
    private FaultOutcome brokerRestart(Fault fault) throws IOException, InterruptedException {
        Map<String, Component> before = components(List.of("kafka"));
        Path hold = target.holds().resolve("kafka");
        Files.writeString(hold, "held by the chaos run (" + fault.label() + ")\n");
        try {
            ProcessHandle.of(before.get("kafka").pid()).ifPresent(ProcessHandle::destroyForcibly);
            awaitPortClosed(fault, target.kafkaBootstrap());
            TimeUnit.MILLISECONDS.sleep(fault.outage().toMillis());
        } finally {
            Files.deleteIfExists(hold);
        }
        Instant released = Instant.now();
        int restarts = awaitRestarted(fault, before);
        return new FaultOutcome(fault, seconds(released), restarts, "broker pid " + before.get("kafka").pid()
                + " killed and held down " + fault.outage().toMillis() / 1000.0 + " s");
    }

    /** SIGKILL to the postmaster: the supervisor starts PostgreSQL again, which recovers from its WAL. */
    private FaultOutcome postgresRestart(Fault fault) throws IOException, InterruptedException {
        Map<String, Component> before = components(List.of("postgres"));
        ProcessHandle.of(before.get("postgres").pid()).ifPresent(ProcessHandle::destroyForcibly);
        Instant killed = Instant.now();
        int restarts = awaitRestarted(fault, before);
        return new FaultOutcome(fault, seconds(killed), restarts, "postmaster pid " + before.get("postgres").pid()
                + " killed");
    }

    /**
     * Holds a service down (it leaves its consumer group as it stops), moves its group's committed offsets back to
     * the start of every partition it had read, and lets it come back: it reads every event of its topics again.
     */
    private FaultOutcome replay(Fault fault) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        String service = fault.services().get(0);
        String group = CONSUMER_GROUPS.get(service);
        Map<String, Component> before = components(List.of(service));
        Path hold = target.holds().resolve(service);
        Files.writeString(hold, "held by the chaos run (" + fault.label() + ")\n");
        long replayed = 0;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", target.kafkaBootstrap()))) {
            try {
                ProcessHandle process = ProcessHandle.of(before.get(service).pid()).orElseThrow(
                        () -> new IOException(fault.label() + ": " + service + " is not running"));
                process.destroy();
                process.onExit().get(RECOVERY_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                awaitEmptyGroup(fault, admin, group);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                committed.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
                var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
                for (var e : committed.entrySet()) {
                    long start = starts.get(e.getKey()).offset();
                    replayed += e.getValue() == null ? 0 : e.getValue().offset() - start;
                    reset.put(e.getKey(), new OffsetAndMetadata(start));
                }
                admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS);
            } finally {
                Files.deleteIfExists(hold);
            }
        }
        Instant released = Instant.now();
        int restarts = awaitRestarted(fault, before);
        return new FaultOutcome(fault, seconds(released), restarts, "group " + group + " reset to the earliest offsets; "
                + replayed + " records to read again");
    }

    /**
     * Reads the topic back and produces copies of a seeded sample of its records (some twice), shuffled, with the
     * same keys and headers: each copy lands on its original's partition, after newer events.
     */
    private FaultOutcome duplicateAndReorder(Fault fault) throws IOException, InterruptedException,
            ExecutionException, TimeoutException {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(target.kafkaBootstrap(), fault.topic());
        SplittableRandom random = new SplittableRandom(fault.detailSeed());
        List<ConsumerRecord<byte[], byte[]>> copies = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (copies.size() < MAX_COPIES && random.nextInt(3) == 0) {
                copies.add(r);
                if (random.nextInt(4) == 0) {
                    copies.add(r);
                }
            }
        }
        for (int i = copies.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            copies.set(i, copies.set(j, copies.get(i)));
        }
        Instant t0 = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", target.kafkaBootstrap(), "acks", "all",
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : copies) {
                sent.add(producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers())));
            }
            for (var f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        awaitAllReady(fault);
        return new FaultOutcome(fault, seconds(t0), 0, copies.size() + " copies of " + records.size()
                + " records, shuffled");
    }

    /**
     * Takes INSERT and UPDATE on delivery's file store away from delivery's own login for the fault's outage (longer,
     * up to {@link #REFUSAL_EXTENSION}, until delivery has met a refused write), then gives them back: delivery must
     * retry the files it could not store, and lose none.
     */
    private FaultOutcome refuseWrites(Fault fault) throws IOException, InterruptedException, SQLException {
        Properties logins = new Properties();
        try (InputStream in = Files.newInputStream(target.postgresLogins())) {
            logins.load(in);
        }
        Path log = target.logs().resolve("delivery-service.log");
        long refusedBefore = countLines(log, "Could not apply");
        Instant revoked;
        try (Connection db = DriverManager.getConnection(logins.getProperty("delivery.url"),
                logins.getProperty("delivery.user"), logins.getProperty("delivery.password"));
                Statement sql = db.createStatement()) {
            sql.execute("REVOKE INSERT, UPDATE ON " + STORE_TABLE + " FROM " + STORE_ROLE);
            revoked = Instant.now();
            try {
                TimeUnit.MILLISECONDS.sleep(fault.outage().toMillis());
                // A refusal nobody met proves nothing: keep refusing until delivery has met one (it writes files as a
                // campaign publishes them and withdraws superseded ones as units confirm), within a bound.
                Instant until = Instant.now().plus(REFUSAL_EXTENSION);
                while (countLines(log, "Could not apply") == refusedBefore && Instant.now().isBefore(until)) {
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            } finally {
                sql.execute("GRANT INSERT, UPDATE ON " + STORE_TABLE + " TO " + STORE_ROLE);
            }
        }
        Instant granted = Instant.now();
        awaitAllReady(fault);
        long refused = countLines(log, "Could not apply") - refusedBefore;
        return new FaultOutcome(fault, seconds(granted), 0, String.format(java.util.Locale.ROOT,
                "INSERT/UPDATE on %s revoked for %.1f s; delivery logged %d refused write(s)", STORE_TABLE,
                Duration.between(revoked, granted).toMillis() / 1000.0, refused));
    }

    /**
     * Runs one service with its clock shifted by the fault's skew for the fault's outage, then sets it right: the
     * supervisor starts a service with {@code KEYTURN_CLOCK_SKEW} while {@code hold/<service>.clock-skew} holds a
     * duration, so each change is the file and a graceful stop (the service leaves its consumer group, and the
     * supervisor starts it again at once). The service's log must show it ran skewed, or the fault proves nothing.
     */
    private FaultOutcome skewClock(Fault fault) throws IOException, InterruptedException {
        String service = fault.services().get(0);
        Path skewFile = target.holds().resolve(service + ".clock-skew");
        Path log = target.logs().resolve(service + ".log");
        long skewedBefore = countLines(log, SKEW_WARNING);
        Map<String, Component> initial = components(List.of(service));
        Files.writeString(skewFile, fault.skew() + "\n");
        Map<String, Component> skewed;
        try {
            skewed = restartGracefully(fault, service);
            if (countLines(log, SKEW_WARNING) == skewedBefore) {
                throw new IOException(fault.label() + ": " + service + " came back without logging its skewed clock ('"
                        + SKEW_WARNING + "' in " + log + ")");
            }
            TimeUnit.MILLISECONDS.sleep(fault.outage().toMillis());
        } finally {
            Files.deleteIfExists(skewFile);
        }
        Instant setRight = Instant.now();
        Map<String, Component> after = restartGracefully(fault, service);
        int restarts = after.get(service).restarts() - initial.get(service).restarts();
        return new FaultOutcome(fault, seconds(setRight), restarts, String.format(java.util.Locale.ROOT,
                "%s ran with its clock %s %d s for %.1f s (pid %d), then set right", service,
                fault.skew().isNegative() ? "behind by" : "ahead by", Math.abs(fault.skew().toSeconds()),
                fault.outage().toMillis() / 1000.0, skewed.get(service).pid()));
    }

    /** SIGTERM to a service; returns it as it runs again under a new pid, every service ready. */
    private Map<String, Component> restartGracefully(Fault fault, String service) throws IOException,
            InterruptedException {
        Map<String, Component> before = components(List.of(service));
        ProcessHandle.of(before.get(service).pid()).ifPresent(ProcessHandle::destroy);
        awaitRestarted(fault, before);
        return components(List.of(service));
    }

    /** Every record of a topic, from the first offset to the end as it is now. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "enable.auto.commit", false,
                "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }

    /** A component as stack.properties shows it now. */
    private record Component(String name, long pid, int restarts) {
    }

    private Map<String, Component> components(Collection<String> names) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(target.stateFile())) {
            state.load(in);
        }
        Map<String, Component> found = new HashMap<>();
        for (String name : names) {
            String prefix = "component." + name + ".";
            found.put(name, new Component(name, Long.parseLong(state.getProperty(prefix + "pid", "-1")),
                    Integer.parseInt(state.getProperty(prefix + "restarts", "0"))));
        }
        return found;
    }

    /**
     * Waits until the supervisor runs each component again under a new pid, and every service answers ready; returns
     * the restarts the supervisor counted meanwhile (more than one a component when a restart did not come up).
     */
    private int awaitRestarted(Fault fault, Map<String, Component> before) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (true) {
            Map<String, Component> now = components(before.keySet());
            boolean all = true;
            for (Component was : before.values()) {
                Component is = now.get(was.name());
                all &= is.pid() > 0 && is.pid() != was.pid() && is.restarts() > was.restarts();
            }
            if (all) {
                awaitAllReady(fault);
                int restarts = 0;
                for (Component is : components(before.keySet()).values()) {
                    restarts += is.restarts() - before.get(is.name()).restarts();
                }
                return restarts;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(fault.label() + ": the supervisor did not restart " + before.keySet() + " within "
                        + RECOVERY_LIMIT.toMinutes() + " minutes (stack.properties shows " + now.values() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private void awaitAllReady(Fault fault) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (true) {
            Map<String, Integer> codes = new HashMap<>();
            target.servicePorts().forEach((name, port) -> codes.put(name, readiness(port)));
            if (codes.values().stream().allMatch(c -> c == 200)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(fault.label() + ": services not ready within " + RECOVERY_LIMIT.toMinutes()
                        + " minutes; readiness " + codes);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private void awaitEmptyGroup(Fault fault, Admin admin, String group) throws IOException, InterruptedException,
            ExecutionException, TimeoutException {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (true) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS)
                    .get(group);
            if (d.members().isEmpty() && d.groupState() != GroupState.PREPARING_REBALANCE
                    && d.groupState() != GroupState.COMPLETING_REBALANCE) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(fault.label() + ": consumer group " + group + " still has members "
                        + d.members().size() + " (" + d.groupState() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static void awaitPortClosed(Fault fault, String hostPort) throws IOException, InterruptedException {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 500);
            } catch (IOException closed) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(fault.label() + ": " + hostPort + " still open after the kill");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private int readiness(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long countLines(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a log with a line that is not UTF-8: the figure is informational
        }
    }

    private static String pids(Map<String, Component> components) {
        List<String> s = new ArrayList<>();
        components.values().forEach(c -> s.add(c.name() + " " + c.pid()));
        return String.join(", ", s);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
