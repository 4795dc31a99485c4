package io.keyturn.localstack.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** The entry point the {@code demo} command calls once the stack is ready. */
public final class Demo {

    /** The demo's knobs; see {@code keyturn demo --help}. */
    public record Settings(int devices, int rotations, int ratePerMinute, long seed, String host, int tftpPort) {

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
        }
    }

    private Demo() {
    }

    /** Runs the scenario and prints its summary; returns 0 when no device is stranded, 1 otherwise. */
    public static int run(Settings settings, URI registry, URI scheduler, String token, Path reportFile, PrintStream out)
            throws IOException, InterruptedException {
        Settings s = settings;
        out.println("keyturn demo: " + s.devices() + " simulated units, " + s.rotations() + " rotation campaigns at "
                + s.ratePerMinute() + "/min");
        DemoReport report = new FleetDemo(s, new KeyturnApi(registry, scheduler, token), out).run();
        out.println("keyturn demo: summary");
        report.lines().forEach(out::println);
        if (reportFile != null) {
            report.writeJson(reportFile);
        }
        return report.passed() ? 0 : 1;
    }
}
