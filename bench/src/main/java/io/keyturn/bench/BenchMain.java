package io.keyturn.bench;

import io.keyturn.bench.cases.DeliveryCase;
import io.keyturn.bench.cases.ImportCase;
import io.keyturn.bench.cases.PipelineCase;
import io.keyturn.bench.cases.RotationCase;
import io.keyturn.bench.cases.StormCase;
import io.keyturn.bench.report.Machine;
import io.keyturn.bench.report.MarkdownReport;
import io.keyturn.bench.report.Plot;
import io.keyturn.bench.report.ResultTable;
import io.keyturn.bench.report.Row;
import io.keyturn.bench.report.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code keyturn bench [--quick|--full] [--only NAME] [--no-report]}: runs every case (or one), each figure beside
 * its anchor in the same run, prints the table, and writes docs/benchmarks.md with a plot under docs/benchmarks/.
 *
 * <p>Whatever it started (the local stack, nginx, in.tftpd) is stopped at the end, on failure, and on Ctrl-C.
 * Exit codes: 0 every case ran (whether or not its goals were met: a benchmark is no test), 1 a case could not
 * run, 2 bad arguments.
 */
public final class BenchMain {

    static List<BenchCase> allCases() {
        // Import last: its registry-alone measurement registers 1,000,000 devices (--full) while the consumers are
        // held, and once released crypto-service works through their first generations for a quarter of an hour. A
        // case after it on the shared stack waited behind that backlog (the rotation case of a --full run, 2026-11-27).
        return List.of(new DeliveryCase(), new PipelineCase(), new RotationCase(), new StormCase(), new ImportCase());
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Mode mode = Mode.DEFAULT;
        String only = null;
        boolean report = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--full" -> mode = Mode.FULL;
                case "--no-report" -> report = false;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        usage("--only needs a case name");
                    }
                    only = args[++i];
                }
                case "-h", "--help" -> {
                    System.out.println(usageText());
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        String wanted = only;
        List<BenchCase> cases = allCases().stream().filter(c -> wanted == null || c.name().equals(wanted)).toList();
        if (cases.isEmpty()) {
            usage("no case named " + only);
        }
        // A run of one case would replace every other case's figures in docs/benchmarks.md: it only prints its table.
        System.exit(run(mode, cases, report && only == null, args));
    }

    private static void usage(String problem) {
        System.err.println("keyturn bench: " + problem);
        System.err.println(usageText());
        System.exit(2);
    }

    private static String usageText() {
        return "usage: keyturn bench [--quick|--full] [--only " + String.join("|", allCases().stream().map(BenchCase::name).toList())
                + "] [--no-report]";
    }

    private static int run(Mode mode, List<BenchCase> cases, boolean report, String[] args) throws IOException {
        Path root = projectRoot();
        PrintStream out = System.out;
        // World-traversable: nginx's workers and in.tftpd drop root before they read the anchors' copies of the files.
        Path scratch = Files.createTempDirectory("keyturn-bench",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("keyturn", BenchMain.class.getPackage().getImplementationVersion() == null ? "0.1.0-SNAPSHOT"
                : BenchMain.class.getPackage().getImplementationVersion());
        StackHolder stack = new StackHolder(root, scratch.resolve("stack"));
        Thread hook = new Thread(() -> {
            stack.close();
            // What else the run started: JMH's forked VM (interrupted mid-pipeline it ran on, and JMH's host waits
            // for it, so the command outlived its Ctrl-C), a load generator's children.
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            deleteQuietly(scratch);
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Row> rows = new ArrayList<>();
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        int failures = 0;
        ZonedDateTime began = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        String load = loadAverage();
        long t0 = System.nanoTime();
        try {
            for (BenchCase c : cases) {
                out.printf(Locale.ROOT, "keyturn bench: %s%n", c.name());
                BenchContext ctx = new BenchContext(mode, scratch.resolve(c.name()), out, versions, () -> stack.get(out, mode, versions),
                        figures);
                long c0 = System.nanoTime();
                try {
                    Files.createDirectories(ctx.scratch());
                    rows.addAll(c.run(ctx));
                    methods.put(c.name(), c.method());
                } catch (Exception e) {
                    failures++;
                    out.printf(Locale.ROOT, "  %s could not run: %s%n", c.name(), e);
                    methods.put(c.name(), c.method() + "\n\nThis run: the case could not run (" + e.getMessage() + ").");
                }
                out.printf(Locale.ROOT, "  (%s took %.0f s)%n", c.name(), (System.nanoTime() - c0) / 1e9);
            }
        } finally {
            stack.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.println();
        out.print(ResultTable.format(rows));
        out.printf(Locale.ROOT, "%d rows, %d pass, %d below goal; %.0f s in all%n", rows.size(),
                rows.stream().filter(r -> r.verdict() == Verdict.PASS).count(),
                rows.stream().filter(r -> r.verdict() == Verdict.FAIL).count(), seconds);
        if (report && !rows.isEmpty()) {
            Path docs = root.resolve("docs");
            String stamp = began.toLocalDate().toString();
            String plotName = "benchmarks/bench-" + stamp + (mode == Mode.DEFAULT ? "" : "-" + mode.name().toLowerCase(Locale.ROOT)) + ".png";
            Plot.write(rows, "keyturn bench " + String.join(" ", args) + " - " + stamp, docs.resolve(plotName));
            List<String> remarks = new ArrayList<>();
            remarks.add(String.format(Locale.ROOT, "Took %.0f s; load average when it began: %s. Figures from a machine"
                    + " shared with builds are noisy; compare only runs on a quiet machine (load well under the number of"
                    + " cores), and ratios rather than absolute figures.", seconds, load));
            String md = MarkdownReport.render(new MarkdownReport.Run(began, mode.name().toLowerCase(Locale.ROOT),
                    ("./keyturn bench " + String.join(" ", args)).trim(), Machine.current(), versions, rows, plotName,
                    remarks, methods));
            Files.writeString(docs.resolve("benchmarks.md"), md, StandardCharsets.UTF_8);
            out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve(plotName));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteQuietly(scratch);
        return failures == 0 ? 0 : 1;
    }

    /** The 1, 5 and 15 minute load averages, or {@code unknown}: how busy the machine was. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The checkout: {@code -Dkeyturn.root} from the script, else the one this jar was built in. */
    static Path projectRoot() {
        String fromScript = System.getProperty("keyturn.root");
        if (fromScript != null && !fromScript.isBlank()) {
            return Path.of(fromScript).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a scratch directory under /tmp: the OS cleans it up eventually
        }
    }

    /** The local stack, started by the first case that needs it and shared by the rest. */
    private static final class StackHolder {
        private final Path root;
        private final Path data;
        private StackProcess stack;
        private RuntimeException failure;

        StackHolder(Path root, Path data) {
            this.root = root;
            this.data = data;
        }

        synchronized StackProcess get(PrintStream out, Mode mode, Map<String, String> versions) {
            if (failure != null) {
                throw failure;
            }
            if (stack == null) {
                try {
                    stack = StackProcess.start(root, data, new BenchContext(mode, data, out, versions, () -> null,
                            new LinkedHashMap<>()));
                } catch (IOException e) {
                    failure = new IllegalStateException("the local stack did not start: " + e.getMessage(), e);
                    throw failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while starting the local stack");
                    throw failure;
                }
            }
            return stack;
        }

        synchronized void close() {
            if (stack != null) {
                stack.close();
                stack = null;
            }
        }
    }
}
