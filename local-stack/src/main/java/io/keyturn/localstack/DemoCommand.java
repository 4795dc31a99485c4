package io.keyturn.localstack;

import io.keyturn.localstack.demo.Demo;
import io.keyturn.devidentity.DevIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keyturn demo}: the local stack, a simulated fleet walking three rotations, and a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Start the local stack, register a fleet of simulated SPA units, bootstrap them, run rotation campaigns",
        "while they resync, and print a summary (one 'name: value' line per figure). Exits 0 only when no",
        "device is stranded."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Mixin
    LocalStack.Location location = new LocalStack.Location();

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1000", description = "Simulated units (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rotations", paramLabel = "K", defaultValue = "3", description = "Rotation campaigns to run (default ${DEFAULT-VALUE}).")
    int rotations;

    @Option(names = "--rate", paramLabel = "PER_MINUTE", defaultValue = "6000",
            description = "Campaign rate in rotations per minute (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the fleet (MACs, models, timing).")
    long seed;

    @Option(names = "--https-percent", paramLabel = "P", defaultValue = "10",
            description = "Share of the units that bootstrap over client-authenticated HTTPS (default ${DEFAULT-VALUE}).")
    int httpsPercent;

    @Option(names = "--offline-percent", paramLabel = "P", defaultValue = "20",
            description = "Share of the units offline for 1 to 3 campaigns (default ${DEFAULT-VALUE}).")
    int offlinePercent;

    @Option(names = "--factory-resets", paramLabel = "N", defaultValue = "20",
            description = "Units factory-reset after the campaigns; the operator re-arms their bootstrap (default ${DEFAULT-VALUE}).")
    int factoryResets;

    @Option(names = "--wrong-staging-keys", paramLabel = "N", defaultValue = "1",
            description = "Extra units built with a staging key other than the registered one; they must end 'failed' (default ${DEFAULT-VALUE}).")
    int wrongStagingKeys;

    @Option(names = "--no-storm", description = "Skip the power-restore storm (every unit rebooting at once).")
    boolean noStorm;

    @Option(names = "--keep-running", description = "Leave the stack up after the summary, until Ctrl-C or ./keyturn down.")
    boolean keepRunning;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    Path report;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0", description = "Shift every port by N.")
    int portOffset;

    @Override
    public Integer call() throws Exception {
        Ports ports = Ports.DEFAULT.shiftedBy(portOffset);
        Demo.Settings settings = new Demo.Settings(devices, rotations, rate, seed, httpsPercent, offlinePercent,
                Math.min(factoryResets, devices), wrongStagingKeys, !noStorm);
        DataDir data = location.dataDir();
        Demo.Stack stack = new Demo.Stack(URI.create("http://127.0.0.1:" + ports.registry()),
                URI.create("http://127.0.0.1:" + ports.scheduler()), URI.create("http://127.0.0.1:" + ports.crypto()),
                "127.0.0.1", ports.deliveryTftp(), ports.deliveryHttps(), new StackSecrets(data.secrets()).deviceCa(),
                "127.0.0.1:" + ports.kafka());
        LocalStack.Tee console = new LocalStack.Tee(System.out);
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        Supervisor supervisor = new Supervisor(new Supervisor.Options(location.projectRoot(), data, location.data == null,
                ports, "127.0.0.1"), out);
        supervisor.preflight();
        console.alsoTo(data.log("supervisor"));
        return supervisor.runWith(() -> {
            String token = DevIssuer.load(data.issuer()).mint("keyturn-demo", List.of("fleet-admin"), Duration.ofHours(8));
            return Demo.run(settings, stack, token, report, out);
        }, keepRunning);
    }
}
