package io.keyturn.localstack.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** The entry point the {@code demo} command calls once the stack is ready. */
public final class Demo {

    /**
     * The demo's knobs; see {@code keyturn demo --help}.
     *
     * @param httpsPercent share of the units that bootstrap over client-authenticated HTTPS (mode {@code mtls})
     * @param offlinePercent share of the staging-key units that go offline for 1 to 3 of the campaigns
     * @param factoryResets units factory-reset (and re-armed by the operator) after the campaigns
     * @param wrongStagingKeys extra units whose staging key differs from the one registered: they must end
     *     {@code failed}, never stranded and never lost
     * @param storm whether every unit reboots at once (a power-restore storm) after the campaigns
     */
    public record Settings(int devices, int rotations, int ratePerMinute, long seed, int httpsPercent,
            int offlinePercent, int factoryResets, int wrongStagingKeys, boolean storm) {

        /** @throws IllegalArgumentException naming the option that is out of range */
        public Settings {
            if (devices < 1 || devices > 100_000) {
                throw new IllegalArgumentException("--devices must be between 1 and 100000, not " + devices);
            }
            if (rotations < 0 || rotations > 50) {
                throw new IllegalArgumentException("--rotations must be between 0 and 50, not " + rotations);
            }
            if (ratePerMinute < 1) {
                throw new IllegalArgumentException("--rate must be at least 1 per minute, not " + ratePerMinute);
            }
            if (httpsPercent < 0 || httpsPercent > 100 || offlinePercent < 0 || offlinePercent > 100) {
                throw new IllegalArgumentException("--https-percent and --offline-percent must be between 0 and 100");
            }
            if (factoryResets < 0 || factoryResets > devices) {
                throw new IllegalArgumentException("--factory-resets must be between 0 and --devices, not " + factoryResets);
            }
            if (wrongStagingKeys < 0 || wrongStagingKeys > 100) {
                throw new IllegalArgumentException("--wrong-staging-keys must be between 0 and 100, not " + wrongStagingKeys);
            }
        }

        /** The plain scenario of earlier rounds: staging-key units over TFTP and HTTP, no phases. */
        public static Settings plain(int devices, int rotations, int ratePerMinute, long seed) {
            return new Settings(devices, rotations, ratePerMinute, seed, 0, 0, 0, 0, false);
        }
    }

    /**
     * Where the stack listens, as the units and the operator reach it.
     *
     * @param host the address units fetch from (delivery-service)
     * @param deviceCa the directory with the stack's device CA ({@code ca.pem}, {@code ca.key}): it issues the
     *     HTTPS units' client certificates and signed delivery's server certificate
     * @param kafkaBootstrap the stack's Kafka, where the demo watches how far behind the services' consumers are
     *     (null: it does not)
     */
    public record Stack(URI registry, URI scheduler, URI crypto, String host, int tftpPort, int httpsPort,
            Path deviceCa, String kafkaBootstrap) {

        /** A stack whose Kafka the demo does not watch: it paces its steps by a fixed pause only. */
        public Stack(URI registry, URI scheduler, URI crypto, String host, int tftpPort, int httpsPort, Path deviceCa) {
            this(registry, scheduler, crypto, host, tftpPort, httpsPort, deviceCa, null);
        }
    }

    private Demo() {
    }

    /** Runs the scenario and prints its summary; returns 0 when it passed (see {@link DemoReport#passed()}), else 1. */
    public static int run(Settings settings, Stack stack, String token, Path reportFile, PrintStream out)
            throws IOException, InterruptedException {
        Settings s = settings;
        out.println("keyturn demo: " + s.devices() + " simulated units (" + s.httpsPercent() + "% over HTTPS, "
                + s.wrongStagingKeys() + " with a wrong staging key), " + s.rotations() + " rotation campaigns at "
                + s.ratePerMinute() + "/min, " + s.offlinePercent() + "% offline for 1-3 campaigns, "
                + s.factoryResets() + " factory resets" + (s.storm() ? ", a power-restore storm" : ""));
        DemoReport report = new FleetDemo(s, stack, new KeyturnApi(stack.registry(), stack.scheduler(), stack.crypto(),
                token), out).run();
        out.println("keyturn demo: summary");
        report.lines().forEach(out::println);
        if (reportFile != null) {
            report.writeJson(reportFile);
        }
        return report.passed() ? 0 : 1;
    }
}
