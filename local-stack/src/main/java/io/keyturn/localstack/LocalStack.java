package io.keyturn.localstack;

import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.DeviceCa;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyturn up | down | status | dev token}: the local stack's verbs, which the root {@code ./keyturn} script
 * hands to this jar (the operator CLI stays free of Kafka and PostgreSQL).
 *
 * <p>Exit codes: 0 success, 1 the environment is in the way (a busy port, an unwritable directory, a stack
 * already running, a component that would not start), 2 bad input, 3 ({@code status}) no stack is running.
 */
@Command(name = "keyturn", subcommands = {LocalStack.Up.class, LocalStack.Down.class, LocalStack.Status.class,
        LocalStack.Dev.class, DemoCommand.class, ChaosCommand.class}, description = "The keyturn local stack.")
public final class LocalStack {

    static final int EXIT_ENVIRONMENT = 1;
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_NOT_RUNNING = 3;

    public static void main(String[] args) {
        quietKafkaClients();
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new LocalStack());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("keyturn: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter err = command.getErr();
            int code;
            if (e instanceof StackException) {
                err.println("keyturn: " + e.getMessage());
                code = EXIT_ENVIRONMENT;
            } else if (e instanceof IllegalArgumentException) {
                err.println("keyturn: " + e.getMessage());
                code = EXIT_BAD_INPUT;
            } else if (e instanceof IOException) {
                err.println("keyturn: " + e.getMessage());
                code = EXIT_ENVIRONMENT;
            } else {
                err.println("keyturn: unexpected " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                code = EXIT_ENVIRONMENT;
            }
            err.flush();
            return code;
        });
        return cli;
    }

    /** The Kafka admin client logs through slf4j-simple: keep the console for the stack's own lines. */
    private static void quietKafkaClients() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }

    /** Options every verb shares: where the project and the data directory are. */
    static class Location {
        @Option(names = "--root", paramLabel = "DIR", description = "The keyturn checkout (default: the one this jar was built in).")
        Path root;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Data directory to keep and resume (default: <root>/.keyturn, wiped by every up).")
        Path data;

        Path projectRoot() {
            if (root != null) {
                return root.toAbsolutePath().normalize();
            }
            String fromScript = System.getProperty("keyturn.root");
            if (fromScript != null && !fromScript.isBlank()) {
                return Path.of(fromScript).toAbsolutePath().normalize();
            }
            try {
                Path jar = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // <root>/local-stack/target/keyturn-local-stack.jar or <root>/local-stack/target/classes
                return jar.getParent().getParent().getParent();
            } catch (URISyntaxException e) {
                return Path.of("").toAbsolutePath();
            }
        }

        DataDir dataDir() {
            return new DataDir(data != null ? data : projectRoot().resolve(".keyturn"));
        }
    }

    @Command(name = "up", description = "Start PostgreSQL, Kafka and the four services in the foreground; Ctrl-C stops them.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
                description = "Shift every port by N (to run a second stack beside the default one).")
        int portOffset;

        @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
                description = "Address the services listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for devices on the LAN).")
        String host;

        @Override
        public Integer call() throws Exception {
            Ports ports = Ports.DEFAULT.shiftedBy(portOffset);
            DataDir data = location.dataDir();
            Tee console = new Tee(System.out);
            Supervisor supervisor = new Supervisor(new Supervisor.Options(location.projectRoot(), data,
                    location.data == null, ports, host), new PrintStream(console, true, StandardCharsets.UTF_8));
            supervisor.preflight();
            console.alsoTo(data.log("supervisor"));
            return supervisor.run();
        }
    }

    /** The console, copied to logs/supervisor.log once the data directory is ready for it. */
    static final class Tee extends OutputStream {
        private final PrintStream console;
        private volatile OutputStream file;

        Tee(PrintStream console) {
            this.console = console;
        }

        void alsoTo(Path log) throws IOException {
            file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            console.write(b);
            OutputStream f = file;
            if (f != null) {
                f.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            OutputStream f = file;
            if (f != null) {
                f.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            console.flush();
            OutputStream f = file;
            if (f != null) {
                f.flush();
            }
        }
    }

    @Command(name = "down", description = "Stop the running local stack and wait until everything is gone.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DataDir data = location.dataDir();
            PrintWriter out = spec.commandLine().getOut();
            if (!StackLock.isHeld(data)) {
                int reaped = Files.isDirectory(data.root()) ? StaleProcesses.reap(data) : 0;
                out.println(reaped > 0
                        ? "keyturn: the supervisor was gone; stopped " + reaped + " process(es) it left behind"
                        : "keyturn: no local stack is running from " + data.root());
                out.flush();
                return 0;
            }
            long pid = StackLock.runningPid(data)
                    .orElseThrow(() -> new StackException("a stack holds " + data.lock() + " but left no pid"));
            Instant t0 = Instant.now();
            ProcessHandle supervisor = ProcessHandle.of(pid)
                    .orElseThrow(() -> new StackException("the stack's supervisor (pid " + pid + ") is not visible to this user"));
            supervisor.destroy();
            Instant deadline = t0.plusSeconds(120);
            while (StackLock.isHeld(data)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new StackException("the stack (pid " + pid + ") did not stop within 120 s; see "
                            + data.log("supervisor") + " or kill it");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            out.println(String.format(Locale.ROOT, "keyturn: stopped the local stack (pid %d) in %.1f s", pid,
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0));
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", description = "Show which components of the local stack run, whether they are ready, and their ports.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DataDir data = location.dataDir();
            PrintWriter out = spec.commandLine().getOut();
            if (!StackLock.isHeld(data) || !Files.exists(data.state())) {
                out.println("keyturn: no local stack is running from " + data.root());
                out.flush();
                return EXIT_NOT_RUNNING;
            }
            StackState.Snapshot snapshot = StackState.read(data.state());
            out.println("keyturn: local stack from " + data.root() + " (supervisor pid "
                    + snapshot.fact("supervisor.pid").orElse("?") + ")");
            out.println(String.format(Locale.ROOT, "  %-20s %-10s %-8s %-7s %s", "COMPONENT", "STATE", "PID", "PORT", "RESTARTS"));
            for (String name : order(snapshot)) {
                StackState.Component c = snapshot.component(name);
                out.println(String.format(Locale.ROOT, "  %-20s %-10s %-8s %-7d %d", name, liveState(c, data),
                        c.pid() > 0 ? Long.toString(c.pid()) : "-", c.port(), c.restarts()));
            }
            out.flush();
            return 0;
        }

        private static List<String> order(StackState.Snapshot snapshot) {
            List<String> names = new ArrayList<>();
            for (String first : List.of("postgres", "kafka")) {
                if (snapshot.componentNames().contains(first)) {
                    names.add(first);
                }
            }
            for (ServiceSpec svc : java.util.stream.Stream.concat(ServiceSpec.ALL.stream(),
                    java.util.stream.Stream.of(ServiceSpec.CONSOLE)).toList()) {
                if (snapshot.componentNames().contains(svc.name())) {
                    names.add(svc.name());
                }
            }
            return names;
        }

        /** Probed now, not taken from the file: "ready", "not ready", "down" or the supervisor's phase. */
        private static String liveState(StackState.Component c, DataDir data) {
            // Checked against the command line too: pids are recycled, sometimes quickly (pid_max 32768).
            boolean alive = c.pid() > 0 && ProcessHandle.of(c.pid())
                    .filter(h -> c.name().equals("postgres")
                            ? h.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false)
                            : StaleProcesses.isOurs(h, data))
                    .isPresent();
            if (!alive) {
                return c.phase() == StackState.Phase.RESTARTING ? "restarting" : "down";
            }
            boolean isService = ServiceSpec.ALL.stream().anyMatch(s -> s.name().equals(c.name()))
                    || ServiceSpec.CONSOLE.name().equals(c.name());
            boolean ready = isService ? Probe.ready(c.port()) : Probe.tcpOpen(c.port());
            return ready ? "ready" : "not ready";
        }
    }

    @Command(name = "dev", description = "Developer helpers for the local stack.", subcommands = {Token.class, DeviceCert.class})
    static final class Dev {
    }

    @Command(name = "token", description = "Print a bearer token the local stack's services accept (signed by the dev issuer `up` created).")
    static final class Token implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        @Option(names = "--role", paramLabel = "ROLE", description = "fleet-admin, operator or auditor; repeatable (default fleet-admin).")
        List<String> roles = new ArrayList<>();

        @Option(names = "--subject", paramLabel = "NAME", description = "Who the token names (default: your user name, else 'dev').")
        String subject;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "8h",
                description = "How long it is valid: 90s, 30m, 8h, 7d or ISO-8601 (PT8H); at most 30d (default ${DEFAULT-VALUE}).")
        String ttl;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Duration validity = Ttl.parse(ttl);
            DataDir data = location.dataDir();
            DevIssuer issuer;
            try {
                issuer = DevIssuer.load(data.issuer());
            } catch (IOException e) {
                throw new StackException("no dev issuer in " + data.root() + "; start the stack with ./keyturn up first");
            }
            String name = Optional.ofNullable(subject).orElseGet(Token::defaultSubject);
            String token = issuer.mint(name, roles.isEmpty() ? List.of("fleet-admin") : roles, validity);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }

        private static String defaultSubject() {
            String user = System.getProperty("user.name", "");
            return user.matches("[A-Za-z0-9._@-]{1,64}") ? user : "dev";
        }
    }

    @Command(name = "device-cert", description = {
        "Issue a device client certificate from the local stack's throw-away device CA, shaped like a Sipura/Cisco",
        "unit's (ST=<mac>, OU=<model>, L=<serial>), for HTTPS to delivery (port 8443) as that device."})
    static final class DeviceCert implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        @Option(names = "--mac", required = true, paramLabel = "MAC", description = "The device's MAC: 12 hex digits (separators allowed).")
        String mac;

        @Option(names = "--model", paramLabel = "MODEL", defaultValue = "SPA-962", description = "The product as in the OU (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--serial", paramLabel = "SERIAL", description = "The unit's serial (default derived from the MAC).")
        String serial;

        @Option(names = "--days", paramLabel = "DAYS", defaultValue = "365", description = "Validity in days (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Where to write <mac>.crt and <mac>.key (default the current directory).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String m = mac.toLowerCase(Locale.ROOT).replace(":", "").replace("-", "").replace(".", "");
            if (!m.matches("[0-9a-f]{12}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mac must be 12 hex digits, e.g. 000e08aabbcc");
            }
            if (!model.matches("[A-Za-z0-9 ._-]{1,64}") || (serial != null && !serial.matches("[A-Za-z0-9._-]{1,64}"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model and --serial take letters, digits, '.', '_' and '-'");
            }
            if (days < 1 || days > 3650) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and 3650");
            }
            DataDir data = location.dataDir();
            StackSecrets secrets = new StackSecrets(data.secrets());
            DeviceCa ca;
            try {
                ca = DeviceCa.load(secrets.deviceCa());
            } catch (IOException e) {
                throw new StackException("no device CA in " + secrets.deviceCa() + "; start the stack with ./keyturn up first");
            }
            String unitSerial = serial != null ? serial : "88012B" + m.substring(6).toUpperCase(Locale.ROOT);
            DeviceCa.Issued issued = ca.issueDevice(m, model, unitSerial, Duration.ofDays(days));
            Files.createDirectories(out);
            Path cert = out.resolve(m + ".crt");
            Path key = out.resolve(m + ".key");
            Files.deleteIfExists(key);
            Files.createFile(key, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, issued.privateKeyPem(), StandardCharsets.US_ASCII);
            Files.writeString(cert, issued.certificatePem(), StandardCharsets.US_ASCII);
            PrintWriter w = spec.commandLine().getOut();
            w.println(cert);
            w.println(key);
            w.println("e.g. curl --cert " + cert + " --key " + key + " --cacert " + secrets.deviceCa().resolve("ca.pem")
                    + " https://localhost:8443/bootstrap/" + m + ".xml");
            w.flush();
            return 0;
        }
    }
}
