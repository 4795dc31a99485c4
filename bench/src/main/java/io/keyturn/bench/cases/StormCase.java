package io.keyturn.bench.cases;

import io.keyturn.bench.BenchCase;
import io.keyturn.bench.BenchContext;
import io.keyturn.bench.StackProcess;
import io.keyturn.bench.load.Latencies;
import io.keyturn.bench.report.Goal;
import io.keyturn.bench.report.Row;
import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.transport.HttpProfileTransport;
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
                """;
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int units = ctx.mode().pick(5_000, 20_000, 100_000);
        StackProcess stack = ctx.stack();
        List<ProfileFiles.File> files = DeliveryCase.ensurePublished(ctx, stack);
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
                    FetchTarget target = new FetchTarget(UrlScheme.HTTP, stack.host(), stack.deliveryPort(), file.path(),
                            Optional.empty(), false);
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
        Latencies all = Latencies.merge(parts);
        ctx.say("storm: %,d units drained in %.1f s (%,.0f units/s), p99 %.1f ms, %d failures", units, drain,
                units / drain, all.percentileMillis(0.99), failures.get());
        String n = String.format(Locale.ROOT, "%,d units", units);
        return List.of(
                Row.alone(name(), "power-restore storm, " + n + ": time to drain", drain, "s", Goal.NONE),
                Row.alone(name(), "power-restore storm, " + n + ": fetch p99", all.percentileMillis(0.99), "ms", Goal.NONE),
                Row.alone(name(), "power-restore storm, " + n + ": failures", failures.get(), "fetches", Goal.atMost(0)));
    }
}
