package io.keyturn.localstack;

import io.keyturn.devidentity.DevIssuer;
import io.keyturn.localstack.chaos.ChaosResult;
import io.keyturn.localstack.chaos.ChaosRun;
import io.keyturn.localstack.chaos.ChaosTarget;
import io.keyturn.localstack.chaos.FaultKind;
import io.keyturn.localstack.chaos.FaultSchedule;
import io.keyturn.localstack.chaos.ReliabilityReport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code keyturn chaos}: the long form of the chaos suite, which regenerates docs/reliability.md. */
@Command(name = "chaos", mixinStandardHelpOptions = true, description = {
        "Start the local stack, rotate a simulated fleet through campaigns while every kind of fault is injected at",
        "seeded moments (kill -9 of each service, of two at once, a broker restart, a PostgreSQL restart, a consumer",
        "group replayed from the start, duplicated and reordered events, a file store refusing writes, one service's",
        "clock minutes ahead or behind), then check",
        "that nothing was stranded, lost or applied twice, and write the figures to docs/reliability.md.",
        "Exits 0 only when every invariant held."})
final class ChaosCommand implements Callable<Integer> {

    @CommandLine.Mixin
    LocalStack.Location location = new LocalStack.Location();

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Rounds of faults: each kills every service once and injects one fault of every other kind (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the fault schedule and the fleet (default: a random one, printed).")
    Long seed;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "100", description = "Simulated units (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--faults", paramLabel = "KIND", split = ",",
            description = "Only these kinds (default all): kill-one-service, kill-two-services, broker-restart, postgres-restart, consumer-group-replay, duplicate-and-reorder, store-refuses-writes, clock-skew.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--overlap", description = "Inject each fault at its moment even while the stack is still recovering from the one before (harsher; recovery times then overlap).")
    boolean overlap;

    @Option(names = "--report", paramLabel = "FILE", description = "Where to write the page (default <root>/docs/reliability.md).")
    Path report;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0", description = "Shift every port by N.")
    int portOffset;

    @Override
    public Integer call() throws Exception {
        // Bad options are refused before anything starts.
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be between 1 and 10000, not " + devices);
        }
        Map<FaultKind, Integer> counts = FaultSchedule.rounds(rounds);
        if (!faults.isEmpty()) {
            Map<FaultKind, Integer> only = new EnumMap<>(FaultKind.class);
            for (String code : faults) {
                FaultKind kind = FaultKind.fromCode(code);
                only.put(kind, counts.get(kind));
            }
            counts = only;
        }
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        // Two faults a campaign: enough campaigns that each fault meets a running one, few enough to stay quick.
        FaultSchedule schedule = FaultSchedule.plan(s, counts, Math.max(1, (total + 1) / 2), 2);
        Path reportFile = report != null ? report : location.projectRoot().resolve("docs").resolve("reliability.md");
        String command = "./keyturn chaos --rounds " + rounds + " --seed " + s + " --devices " + devices
                + (faults.isEmpty() ? "" : " --faults " + String.join(",", faults)) + (overlap ? " --overlap" : "")
                + (portOffset == 0 ? "" : " --port-offset " + portOffset);

        Ports ports = Ports.DEFAULT.shiftedBy(portOffset);
        DataDir data = location.dataDir();
        Map<String, Integer> services = new LinkedHashMap<>();
        ServiceSpec.ALL.forEach(svc -> services.put(svc.name(), svc.port().applyAsInt(ports)));
        ChaosTarget target = new ChaosTarget(URI.create("http://127.0.0.1:" + ports.registry()),
                URI.create("http://127.0.0.1:" + ports.crypto()), URI.create("http://127.0.0.1:" + ports.scheduler()),
                "127.0.0.1", ports.deliveryTftp(), services, "127.0.0.1:" + ports.kafka(), data.state(), data.holds(),
                data.root().resolve("postgres-logins.properties"), data.logs());
        LocalStack.Tee console = new LocalStack.Tee(System.out);
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        Supervisor supervisor = new Supervisor(new Supervisor.Options(location.projectRoot(), data, location.data == null,
                ports, "127.0.0.1"), out);
        supervisor.preflight();
        console.alsoTo(data.log("supervisor"));
        return supervisor.runWith(() -> {
            String token = DevIssuer.load(data.issuer()).mint("keyturn-chaos", List.of("fleet-admin"), Duration.ofHours(24));
            ChaosResult result = new ChaosRun(target, token, devices, schedule, overlap, out).run();
            new ReliabilityReport(result, machine(), OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), command).write(reportFile);
            out.println("keyturn chaos: wrote " + reportFile + "; seed " + s);
            return result.passed() ? 0 : 1;
        }, false);
    }

    /** For example "Linux 6.1.0 amd64, Intel(R) Xeon(R) ..., 2 cores, 7.6 GiB, Java 17.0.12". */
    static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (Exception e) {
            // not Linux: the rest still says what it ran on
        }
        long memory = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return String.format(Locale.ROOT, "%s %s %s, %s%d cores, %.1f GiB, Java %s", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), cpu.isEmpty() ? "" : cpu + ", ",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.version"));
    }
}
