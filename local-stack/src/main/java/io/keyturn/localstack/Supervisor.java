package io.keyturn.localstack;

import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.EventTopics;
import io.keyturn.testsupport.PostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs the whole local stack in the foreground: PostgreSQL, then Kafka, then the four services, each supervised
 * (restarted with back-off when it dies); on SIGINT/SIGTERM it stops them in the reverse order and exits 0.
 * See local-stack/README.md for what it starts and where everything goes.
 */
final class Supervisor {

    static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
    private static final Duration KAFKA_GRACE = Duration.ofSeconds(30);

    /** What `up` was asked to do. */
    record Options(Path projectRoot, DataDir data, boolean fresh, Ports ports, String httpHost) {
    }

    private final Options options;
    private final PrintStream out;
    private final DataDir data;
    private final Ports ports;
    private final StackState state;
    private final Instant begin = Instant.now();
    private final List<Supervised> services = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StackLock lock;
    private Supervised postgres;
    private Supervised kafka;
    private volatile boolean stopping;
    private volatile boolean ready;
    private volatile int exitCode;

    Supervisor(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.data = options.data();
        this.ports = options.ports();
        this.state = new StackState(data.state());
    }

    /** Checks everything that can be checked before anything starts; each failure is one line. */
    void preflight() throws StackException {
        for (ServiceSpec svc : ServiceSpec.ALL) {
            if (!Files.isRegularFile(svc.jar(options.projectRoot()))) {
                throw new StackException(svc.name() + " is not built (" + svc.jar(options.projectRoot())
                        + " is missing); ./keyturn up builds it");
            }
        }
        data.ensureWritable();
        lock = StackLock.acquire(data);
        try {
            int reaped = StaleProcesses.reap(data);
            if (reaped > 0) {
                out.println("keyturn: stopped " + reaped + " process(es) left behind by an earlier stack in " + data.root());
            }
            var busy = PortCheck.firstBusy(ports.all());
            if (busy.isPresent()) {
                throw new StackException(busy.get());
            }
            if (options.fresh()) {
                data.wipe();
                DataDir.deleteTree(PostgresServer.reachableRoot(data.postgres()));
            }
            Files.createDirectories(data.logs());
            // A hold is an instruction to the supervisor that set it up, not to the next one.
            DataDir.deleteTree(data.holds());
            Files.createDirectories(data.holds());
        } catch (IOException e) {
            lock.close();
            throw new StackException("cannot prepare " + data.root() + ": " + e.getMessage(), e);
        } catch (StackException e) {
            lock.close();
            throw e;
        }
    }

    /** Starts the stack and blocks until it is stopped by a signal; returns the process exit code. */
    int run() {
        return runWith(() -> 0, true);
    }

    /**
     * Starts the stack, runs {@code job} against it (the demo), then either stops the stack or, with
     * {@code keepRunning}, leaves it up until a signal or {@code down} as {@link #run()} does. Returns the job's
     * exit code, or 1 when the stack did not start.
     */
    int runWith(Callable<Integer> job, boolean keepRunning) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            out.flush();
            // Ctrl-C and `down` are the normal way to end the stack: exit 0 rather than the JVM's 130/143.
            Runtime.getRuntime().halt(exitCode);
        }, "keyturn-stop"));
        try {
            startAll();
        } catch (StackException e) {
            System.err.println("keyturn: " + e.getMessage());
            exitCode = 1;
            stopAll();
            return 1;
        }
        try {
            exitCode = job.call();
        } catch (Exception e) {
            System.err.println("keyturn: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            exitCode = 1;
        }
        if (!keepRunning) {
            stopAll();
            return exitCode;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }

    private void startAll() throws StackException {
        boolean resumed = !options.fresh() && Files.exists(data.kafka().resolve("data").resolve("meta.properties"));
        out.println("keyturn: local stack in " + data.root() + (options.fresh() ? " (fresh)" : resumed ? " (resumed)" : " (new)")
                + "; logs in " + data.logs());
        state.fact("supervisor.pid", Long.toString(ProcessHandle.current().pid()));
        state.fact("data", data.root().toString());
        state.fact("host", options.httpHost());
        state.fact("ports.kafka-controller", Integer.toString(ports.kafkaController()));
        state.fact("ports.delivery-https", Integer.toString(ports.deliveryHttps()));
        state.fact("ports.delivery-tftp", Integer.toString(ports.deliveryTftp()));

        DevIssuer issuer = createIssuer();
        Map<String, String> passwords = startPostgres();
        startKafka();
        startServices(issuer, passwords);
        awaitServicesReady();
        ready = true;
        printEndpoints();
    }

    /** A kept data directory keeps its issuer, so tokens minted before a restart stay valid; a fresh one gets a new key. */
    private DevIssuer createIssuer() throws StackException {
        try {
            if (!options.fresh() && Files.exists(data.issuer().resolve("private.pem"))) {
                return DevIssuer.load(data.issuer());
            }
            return DevIssuer.create(data.issuer());
        } catch (IOException e) {
            throw new StackException("cannot create the dev token issuer in " + data.issuer() + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> startPostgres() throws StackException {
        Instant t0 = Instant.now();
        Path root;
        try {
            root = PostgresServer.reachableRoot(data.postgres());
        } catch (IOException e) {
            throw new StackException("cannot place PostgreSQL's files: " + e.getMessage(), e);
        }
        state.fact("postgres.root", root.toString());
        Map<String, String> passwords = new LinkedHashMap<>();
        for (ServiceSpec svc : ServiceSpec.ALL) {
            passwords.put(svc.database(), PostgresServer.randomPassword());
        }
        String[] description = new String[1];
        Supervised pg = new Supervised("postgres", () -> {
            PostgresServer server = PostgresServer.start(root, ports.postgres(), data.log("postgres"), true);
            description[0] = server.description();
            for (var login : passwords.entrySet()) {
                server.ensureDatabase(login.getKey(), login.getValue());
            }
            return new PostgresInstance(server);
        }, data.holds().resolve("postgres"), events(ports.postgres()));
        startSupervised(pg, "PostgreSQL");
        writeLogins(passwords);
        state.phase("postgres", StackState.Phase.READY);
        line("postgres", "ready", t0, description[0] + ", databases " + String.join(" ", passwords.keySet()));
        return passwords;
    }

    private void writeLogins(Map<String, String> passwords) throws StackException {
        Properties logins = new Properties();
        passwords.forEach((db, pw) -> {
            logins.setProperty(db + ".url", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + db);
            logins.setProperty(db + ".user", db);
            logins.setProperty(db + ".password", pw);
        });
        Path file = data.root().resolve("postgres-logins.properties");
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream o = Files.newOutputStream(tmp)) {
                logins.store(o, "throw-away logins of this local stack, one per service database");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void startKafka() throws StackException {
        Instant t0 = Instant.now();
        KafkaNode node = new KafkaNode(data, ports);
        node.prepare();
        startSupervised(new Supervised("kafka", node::start, data.holds().resolve("kafka"), events(ports.kafka())), "Kafka");
        node.awaitReady(Duration.ofSeconds(90));
        try {
            EventTopics.ensure(node.bootstrapServers());
        } catch (Exception e) {
            throw new StackException("could not create the Kafka topics: " + e.getMessage(), e);
        }
        state.phase("kafka", StackState.Phase.READY);
        line("kafka", "ready", t0, "KRaft single node, topics " + EventTopics.ALL.stream()
                .map(t -> t.name() + "(" + t.partitions() + ")").collect(Collectors.joining(" ")));
    }

    private void startServices(DevIssuer issuer, Map<String, String> passwords) throws StackException {
        String kafkaBootstrap = "127.0.0.1:" + ports.kafka();
        StackSecrets secrets = StackSecrets.ensure(data.secrets(), issuer);
        for (ServiceSpec svc : ServiceSpec.launched(options.projectRoot())) {
            int port = svc.port().applyAsInt(ports);
            Map<String, String> env = svc.environment(ports, kafkaBootstrap,
                    "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + svc.database(),
                    passwords.get(svc.database()), issuer.publicKeyFile(), options.httpHost(), secrets);
            List<String> args = new ArrayList<>(serviceJvmOptions());
            args.add("-jar");
            args.add(svc.jar(options.projectRoot()).toString());
            Path workDir = svc.jar(options.projectRoot()).getParent();
            Path skewFile = data.clockSkew(svc.name());
            Supervised supervised = new Supervised(svc.name(),
                    () -> JavaProcess.start(args, withClockSkew(env, skewFile), workDir, data.log(svc.name())),
                    data.holds().resolve(svc.name()), events(port));
            startSupervised(supervised, svc.name());
        }
        out.println(String.format(Locale.ROOT, "  %-20s starting %s", "services",
                services.stream().map(Supervised::name).collect(Collectors.joining(" "))));
    }

    /**
     * Starts a component unless a stop has begun; holding the monitor means stopAll() either sees the component
     * (and stops it) or has already begun, in which case nothing more starts.
     */
    private synchronized void startSupervised(Supervised component, String what) throws StackException {
        if (stopping) {
            throw new StackException("stopped while starting " + what);
        }
        try {
            component.start();
        } catch (Exception e) {
            throw new StackException(what + " did not start: " + e.getMessage(), e);
        }
        switch (component.name()) {
            case "postgres" -> postgres = component;
            case "kafka" -> kafka = component;
            default -> services.add(component);
        }
    }

    /**
     * The service's environment, with {@code KEYTURN_CLOCK_SKEW} when {@code hold/<service>.clock-skew} holds a
     * duration: read at every (re)start, so the chaos run skews a service's clock by writing the file and stopping
     * the service, and sets it right by deleting the file and stopping it again.
     */
    static Map<String, String> withClockSkew(Map<String, String> env, Path skewFile) throws IOException {
        if (!Files.isRegularFile(skewFile)) {
            return env;
        }
        String skew = Files.readString(skewFile).trim();
        try {
            Duration.parse(skew);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException(skewFile + " must hold an ISO-8601 duration such as PT5M, not '" + skew + "'");
        }
        Map<String, String> skewed = new LinkedHashMap<>(env);
        skewed.put("KEYTURN_CLOCK_SKEW", skew);
        return skewed;
    }

    private List<String> serviceJvmOptions() {
        return serviceJvmOptions(System.getenv("KEYTURN_SERVICE_JAVA_OPTS"), data.root());
    }

    /**
     * The defaults (a small heap on the serial collector: a whole stack shares one developer machine), then
     * {@code extra}, whose options win. A collector named in {@code extra} replaces the serial one: the JVM refuses
     * to start with two, and every service would then fail at once.
     */
    static List<String> serviceJvmOptions(String extra, Path stackRoot) {
        List<String> added = extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
        boolean namesCollector = added.stream()
                .anyMatch(o -> o.matches("-XX:\\+Use(Serial|Parallel|ParallelOld|G1|Z|Shenandoah|Epsilon)GC"));
        List<String> opts = new ArrayList<>(List.of("-Xmx512m"));
        if (!namesCollector) {
            opts.add("-XX:+UseSerialGC");
        }
        opts.add("-Dkeyturn.stack=" + stackRoot);
        opts.addAll(added);
        return opts;
    }

    private void awaitServicesReady() throws StackException {
        Instant t0 = Instant.now();
        Instant deadline = t0.plus(SERVICE_READY_TIMEOUT);
        Instant nextNote = t0.plusSeconds(10);
        List<ServiceSpec> waiting = new ArrayList<>(ServiceSpec.launched(options.projectRoot()));
        while (!waiting.isEmpty()) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                ServiceSpec svc = it.next();
                if (Probe.ready(svc.port().applyAsInt(ports))) {
                    it.remove();
                    state.phase(svc.name(), StackState.Phase.READY);
                    line(svc.name(), "ready", begin, "http://localhost:" + svc.port().applyAsInt(ports));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (stopping) {
                throw new StackException("stopped while starting");
            }
            Instant now = Instant.now();
            if (now.isAfter(deadline)) {
                ServiceSpec first = waiting.get(0);
                throw new StackException(first.name() + " did not become ready within "
                        + SERVICE_READY_TIMEOUT.toSeconds() + " s (log: " + data.log(first.name()) + ")");
            }
            if (now.isAfter(nextNote)) {
                out.println(String.format(Locale.ROOT, "  %-20s waiting for %s (%d s)", "services",
                        waiting.stream().map(ServiceSpec::name).collect(Collectors.joining(" ")),
                        Duration.between(begin, now).toSeconds()));
                nextNote = now.plusSeconds(10);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the services");
            }
        }
    }

    private void printEndpoints() {
        out.println(String.format(Locale.ROOT, "keyturn: ready in %.1f s", seconds(begin)));
        String h = "localhost";
        out.println(String.format(Locale.ROOT, "  %-18s http://%s:%d/api/v1/   (health /q/health/ready, API /q/openapi)", "registry REST", h, ports.registry()));
        out.println(String.format(Locale.ROOT, "  %-18s http://%s:%d/api/v1/", "crypto REST", h, ports.crypto()));
        out.println(String.format(Locale.ROOT, "  %-18s http://%s:%d/api/v1/", "scheduler REST", h, ports.scheduler()));
        out.println(String.format(Locale.ROOT, "  %-18s http://%s:%d/  (HTTPS %d and TFTP udp/%d reserved for it)", "delivery HTTP", h,
                ports.delivery(), ports.deliveryHttps(), ports.deliveryTftp()));
        if (ServiceSpec.launched(options.projectRoot()).contains(ServiceSpec.CONSOLE)) {
            out.println(String.format(Locale.ROOT, "  %-18s http://%s:%d/   (dev sign-in with a role of your choice)", "console", h,
                    ports.console()));
        }
        out.println(String.format(Locale.ROOT, "  %-18s %s:%d   (e.g. kcat -b %s:%d -L)", "Kafka", h, ports.kafka(), h, ports.kafka()));
        out.println(String.format(Locale.ROOT, "  %-18s %s:%d   (logins in %s)", "PostgreSQL", h, ports.postgres(),
                data.root().resolve("postgres-logins.properties")));
        out.println(String.format(Locale.ROOT, "  %-18s ./keyturn dev token [--role fleet-admin|operator|auditor]", "bearer token"));
        out.println("keyturn: Ctrl-C or ./keyturn down stops everything; ./keyturn status shows it.");
    }

    /** Stops services, then Kafka, then PostgreSQL; safe to call more than once. */
    void stopAll() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        Instant t0 = Instant.now();
        if (ready) {
            out.println("keyturn: stopping ...");
        }
        List<Thread> stops = new ArrayList<>();
        for (Supervised svc : services) {
            state.phase(svc.name(), StackState.Phase.STOPPING);
            Thread t = new Thread(() -> svc.stop(SERVICE_GRACE), "stop-" + svc.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.forEach(s -> state.phase(s.name(), StackState.Phase.STOPPED));
        if (kafka != null) {
            kafka.stop(KAFKA_GRACE);
            state.phase("kafka", StackState.Phase.STOPPED);
        }
        if (postgres != null) {
            postgres.stop(Duration.ofSeconds(60));
            state.phase("postgres", StackState.Phase.STOPPED);
        }
        if (lock != null) {
            lock.close();
        }
        out.println(String.format(Locale.ROOT, "keyturn: stopped in %.1f s", seconds(t0)));
        stopped.countDown();
    }

    private Supervised.Events events(int port) {
        return new Supervised.Events() {
            @Override
            public void started(Supervised c, Supervised.Instance instance, int restarts) {
                state.put(new StackState.Component(c.name(), instance.pid(), port, StackState.Phase.STARTING, restarts));
                if (restarts > 0) {
                    out.println(String.format(Locale.ROOT, "  %-20s restarted (pid %d, restart %d)", c.name(), instance.pid(), restarts));
                    announceWhenReady(c, instance, port);
                }
            }

            @Override
            public void exited(Supervised c, OptionalInt code, Duration restartIn, int restarts) {
                state.put(new StackState.Component(c.name(), -1, port, StackState.Phase.RESTARTING, restarts - 1));
                boolean held = Files.exists(data.holds().resolve(c.name()));
                out.println(String.format(Locale.ROOT, "  %-20s exited%s; %s (log: %s)", c.name(),
                        code.isPresent() ? " with code " + code.getAsInt() : "",
                        held ? "held down while " + data.holds().resolve(c.name()) + " exists"
                                : "restarting in " + restartIn.toSeconds() + " s",
                        data.log(c.name())));
            }

            @Override
            public void failedToStart(Supervised c, Exception cause, Duration retryIn) {
                out.println(String.format(Locale.ROOT, "  %-20s could not restart (%s); retrying in %d s", c.name(),
                        cause.getMessage(), retryIn.toSeconds()));
            }
        };
    }

    /** After a restart, says when the component answers again (or nothing, if it dies first or we stop). */
    private void announceWhenReady(Supervised component, Supervised.Instance instance, int port) {
        boolean isService = services.contains(component);
        Instant t0 = Instant.now();
        Thread watch = new Thread(() -> {
            while (!stopping && component.pid() == instance.pid()) {
                if (isService ? Probe.ready(port) : Probe.tcpOpen(port)) {
                    out.println(String.format(Locale.ROOT, "  %-20s ready again after %.1f s", component.name(), seconds(t0)));
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ready-" + component.name());
        watch.setDaemon(true);
        watch.start();
    }

    private void line(String component, String what, Instant since, String detail) {
        out.println(String.format(Locale.ROOT, "  %-20s %-5s %5.1f s  %s", component, what, seconds(since), detail));
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    /** The postmaster, which pg_ctl runs detached; watched through its process handle. */
    private static final class PostgresInstance implements Supervised.Instance {

        private final PostgresServer server;
        private final ProcessHandle postmaster;

        PostgresInstance(PostgresServer server) throws IOException {
            this.server = server;
            long pid = server.pid().orElseThrow(() -> new IOException("PostgreSQL started but wrote no postmaster.pid"));
            // A handle taken now knows the process' start time, so a later reuse of the pid is not mistaken for it.
            this.postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IOException("PostgreSQL exited right after starting"));
        }

        @Override
        public long pid() {
            return postmaster.pid();
        }

        @Override
        public OptionalInt awaitExit() throws InterruptedException {
            try {
                postmaster.onExit().get();
            } catch (ExecutionException e) {
                // onExit() does not fail; the process is gone either way
            }
            return OptionalInt.empty();
        }

        @Override
        public void stop(Duration grace) {
            try {
                server.stop();
            } catch (IOException e) {
                postmaster.destroyForcibly();
            }
            try {
                // pg_ctl returns once postmaster.pid is gone; the process itself ends a moment later.
                postmaster.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                postmaster.destroyForcibly();
            }
        }
    }
}
