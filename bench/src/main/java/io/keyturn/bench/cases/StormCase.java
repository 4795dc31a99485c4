package io.keyturn.bench.cases;

import io.keyturn.bench.BenchCase;
import io.keyturn.bench.BenchContext;
import io.keyturn.bench.StackProcess;
import io.keyturn.bench.anchor.Nginx;
import io.keyturn.bench.load.Latencies;
import io.keyturn.bench.report.Goal;
import io.keyturn.bench.report.Row;
import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.transport.HttpProfileTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A power-restore storm: N simulated units (module device-simulator's HTTP transport, each with its own identity and
 * User-Agent) come back at the same moment and each fetches its chain file from delivery.
 */
public final class StormCase implements BenchCase {

    /** Units in flight at once: a street of units comes back within the same second, not all N in one instant. */
    private static final int IN_FLIGHT = 200;

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public boolean needsStack() {
        return true;
    }

    @Override
    public String method() {
        return """
                N units (100,000 with `--full`, 20,000 by default, 5,000 with `--quick`) power on at the same moment.
                Each is a device-simulator identity (MAC, SPA962, serial, its Cisco-style User-Agent) fetching its
                chain file over HTTP through the simulator's own transport (java.net.http), as a provisioned unit
                does at boot; 200 are in flight at any time (the rest queue, as units whose DHCP and boot are
                still under way). The files are the delivery case's (10,000 chain files of 24 KB, published first if
                the case runs alone); with more units than files, units share files in turn. Reported: the time
                until the last unit has its file, each fetch's p99, and failures (anything but the right bytes).
                The anchor is the same storm, same units and same files, against nginx (as in the delivery case),
                right after; for time and latency a ratio below 1 is better than nginx.
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int units = ctx.mode().pick(5_000, 20_000, 100_000);
        StackProcess stack = ctx.stack();
        List<ProfileFiles.File> files = DeliveryCase.ensurePublished(ctx, stack);
        Storm keyturn = storm(stack.host(), stack.deliveryPort(), files, units);
        ctx.say("storm: %,d units drained from delivery in %.1f s (%,.0f units/s), p99 %.1f ms, %d failures", units,
                keyturn.drainSeconds(), units / keyturn.drainSeconds(), keyturn.p99Millis(), keyturn.failures());

        StringBuilder whyNot = new StringBuilder();
        Optional<Path> binary = Nginx.binary(whyNot);
        Storm anchor = null;
        String anchorName = "nginx";
        if (binary.isPresent()) {
            Path root = ctx.scratch().resolve("files");
            ProfileFiles.write(files, root);
            int port = DeliveryCase.freeTcpPort();
            try (Nginx nginx = Nginx.start(binary.get(), root, ctx.scratch().resolve("nginx"), port, null)) {
                anchorName = nginx.version();
                ctx.version("nginx", nginx.version());
                anchor = storm("127.0.0.1", port, files, units);
            }
            ctx.say("storm: the same units drained from nginx in %.1f s (%,.0f units/s), p99 %.1f ms, %d failures",
                    anchor.drainSeconds(), units / anchor.drainSeconds(), anchor.p99Millis(), anchor.failures());
        }
        String n = String.format(Locale.ROOT, "%,d units", units);
        List<Row> rows = new ArrayList<>();
        rows.add(row("power-restore storm, " + n + ": time to drain", keyturn.drainSeconds(), "s", anchorName,
                anchor == null ? null : anchor.drainSeconds(), Goal.NONE, whyNot));
        rows.add(row("power-restore storm, " + n + ": fetch p99", keyturn.p99Millis(), "ms", anchorName,
                anchor == null ? null : anchor.p99Millis(), Goal.NONE, whyNot));
        rows.add(row("power-restore storm, " + n + ": failures", keyturn.failures(), "fetches", anchorName,
                anchor == null ? null : (double) anchor.failures(), Goal.atMost(0), whyNot));
        return rows;
    }

    private Row row(String figure, double value, String unit, String anchor, Double anchorValue, Goal goal,
                    StringBuilder whyNot) {
        Row r = new Row(name(), figure, value, unit, anchor, anchorValue, goal, null);
        return anchorValue == null && whyNot.length() > 0 ? r.withNote("anchor skipped: " + whyNot) : r;
    }

    /** What one storm took. */
    private record Storm(double drainSeconds, double p99Millis, long failures) {
    }

    /** Every unit fetches its file from {@code host:port}, {@link #IN_FLIGHT} at a time. */
    private static Storm storm(String host, int port, List<ProfileFiles.File> files, int units)
            throws InterruptedException {
        HttpProfileTransport transport = new HttpProfileTransport();
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Latencies> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long powerOn = System.nanoTime();
        for (int t = 0; t < IN_FLIGHT; t++) {
            Latencies lat = new Latencies();
            parts.add(lat);
            Thread thread = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < units) {
                    ProfileFiles.File file = files.get(i % files.size());
                    String mac = String.format(Locale.ROOT, "000e09%06x", i);
                    DeviceIdentity unit = DeviceIdentity.of(mac, "SPA962", "88012B" + mac.substring(6).toUpperCase(Locale.ROOT));
                    FetchTarget target = new FetchTarget(UrlScheme.HTTP, host, port, file.path(), Optional.empty(), false);
                    long t0 = System.nanoTime();
                    FetchResult result = transport.fetch(target, FetchOptions.NONE, unit);
                    lat.add(System.nanoTime() - t0);
                    if (result.status() != FetchResult.Status.FOUND
                            || !Arrays.equals(result.body().orElse(null), file.content())) {
                        failures.incrementAndGet();
                    }
                }
            }, "bench-storm-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double drain = (System.nanoTime() - powerOn) / 1e9;
        return new Storm(drain, Latencies.merge(parts).percentileMillis(0.99), failures.get());
    }
}
