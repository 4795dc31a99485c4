package io.keyturn.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.testsupport.ConsumerLag;
import io.keyturn.simulator.DeviceStatus;
import io.keyturn.simulator.Fleet;
import io.keyturn.simulator.ProfileTransport;
import io.keyturn.simulator.ResyncCounts;
import io.keyturn.simulator.ResyncReason;
import io.keyturn.simulator.SpaDevice;
import io.keyturn.simulator.SyslogLine;
import io.keyturn.simulator.SyslogSink;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.HttpProfileTransport;
import io.keyturn.simulator.transport.TftpProfileTransport;
import io.keyturn.testsupport.DeviceCa;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The demo's scenario against a running stack: register a fleet through the registry's bulk import (staging-key units,
 * some mTLS units with Sipura-shaped client certificates, and units built with a wrong staging key on purpose), power
 * it on, run rotation campaigns through the scheduler while the units resync and some of them are offline, factory-
 * reset a few (the operator re-arms their bootstrap), reboot every unit at once, and count what holds.
 *
 * <p>The units live in virtual time (a resync costs no waiting), the services in real time. The runner moves the
 * fleet forward in steps and gives the services a moment between steps to turn fetches into confirmations and
 * rotations into published files, so months of resyncs take minutes.
 */
final class FleetDemo {

    /** The demo's group; campaigns rotate all of it. */
    static final String GROUP = "demo";
    private static final String[] MODELS = {"SPA962", "SPA942", "SPA2102", "PAP2T", "SPA112", "SPA922"};
    private static final String[] REGIONS = {"north", "south", "east", "west"};
    /** Virtual time a step moves the fleet: crypto-service renders Resync_Periodic 3600, so every unit resyncs about once a step. */
    private static final Duration STEP = Duration.ofHours(1);
    private static final Duration SERVICE_PAUSE = Duration.ofMillis(1500);
    /** The longest a step waits for the services' consumers to catch up. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);
    /**
     * Units resync on a pool, a slice of virtual time at once: one at a time, a step of a thousand units waits tens of
     * seconds on the network. A unit may see the time up to one slice late, nothing next to an hour's resync period.
     */
    private static final int UNIT_THREADS = 16;
    private static final Duration SLICE = Duration.ofMinutes(1);
    /** The share of crypto-service's measured issuing rate a campaign asks for, so it never builds a backlog. */
    private static final double RATE_SHARE = 0.5;
    /** How long a campaign's requests may wait in crypto-service before the demo paces it. */
    private static final Duration QUEUE_LIMIT = Duration.ofSeconds(10);
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(15);

    private enum Kind { STAGING_KEY, MTLS, WRONG_STAGING_KEY }

    /** One unit of the demo and what it was built as. */
    private record Unit(String mac, Kind kind) {
    }

    private final Demo.Settings settings;
    private final Demo.Stack stack;
    private final KeyturnApi api;
    private final PrintStream out;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Fleet fleet;
    private final Map<String, Unit> units = new LinkedHashMap<>();
    /** Per unit: its Log_Resync_Failure_Msg lines, and the last one's text (the syslog an operator would collect). */
    private final Map<String, AtomicLong> failureLines = new ConcurrentHashMap<>();
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    /** While the storm runs: each failure's unit and $ERR text, so a failure there can be told from the expected one. */
    private volatile Map<String, List<String>> stormFailures;
    private final DeviceCa deviceCa;
    private final int total;
    private final ExecutorService unitPool = Executors.newFixedThreadPool(UNIT_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "demo-unit");
        thread.setDaemon(true);
        return thread;
    });
    /** How far behind the services' consumers are; null when the stack's Kafka was not given. */
    private final ConsumerLag lag;
    /** Real seconds of the last few steps: how long online units take to walk the chain at this fleet's size. */
    private final Deque<Double> recentSteps = new ArrayDeque<>();
    private double lastStepSeconds;
    /** First generations issued per second, measured while the fleet waited for them. */
    private double issuedPerSecond;

    FleetDemo(Demo.Settings settings, Demo.Stack stack, KeyturnApi api, PrintStream out) throws IOException {
        this.settings = settings;
        this.stack = stack;
        this.api = api;
        this.out = out;
        this.total = settings.devices() + settings.wrongStagingKeys();
        this.lag = stack.kafkaBootstrap() == null ? null : new ConsumerLag(stack.kafkaBootstrap());
        this.deviceCa = settings.httpsPercent() > 0 ? DeviceCa.load(stack.deviceCa()) : null;
        int httpsUnits = settings.devices() * settings.httpsPercent() / 100;
        ProfileTransport http = deviceCa == null ? new HttpProfileTransport()
                : new HttpProfileTransport(trusting(deviceCa), HttpProfileTransport.DEFAULT_TIMEOUT, httpsUnits + 1);
        ProfileTransport transport = ProfileTransport.byScheme(Map.of(
                UrlScheme.TFTP, new TftpProfileTransport(),
                UrlScheme.HTTP, http,
                UrlScheme.HTTPS, http));
        SyslogSink syslog = line -> {
            if (line.kind() == SyslogLine.Kind.FAILURE) {
                failureLines.computeIfAbsent(line.mac(), m -> new AtomicLong()).incrementAndGet();
                lastFailure.put(line.mac(), line.message());
                Map<String, List<String>> storm = stormFailures;
                if (storm != null) {
                    storm.computeIfAbsent(line.mac(), m -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(line.message());
                }
            }
        };
        this.fleet = new Fleet(clock, transport, syslog, settings.seed(), stack.host());
    }

    DemoReport run() throws IOException, InterruptedException {
        try {
            Instant begin = Instant.now();
            register();
            bootstrap();
            List<Double> campaignSeconds = new ArrayList<>();
            DemoReport.Offline offline = campaigns(campaignSeconds);
            DemoReport.Resets resets = factoryResets();
            DemoReport.Storm storm = settings.storm() ? storm() : new DemoReport.Storm(false, 0, 0, List.of(), 0);
            settle();
            return report(campaignSeconds, offline, resets, storm,
                    Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        } finally {
            unitPool.shutdownNow();
            if (lag != null) {
                lag.close();
            }
        }
    }

    /**
     * Builds the units as an ISP's customised units come (where stage 0 lives and a staging key in GPP_SA; an mTLS unit
     * its bootstrap URL and its factory client certificate) and imports them. A wrong-staging-key unit is registered
     * with one key and built with another: a mix-up at the warehouse.
     */
    private void register() throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        StringBuilder ndjson = new StringBuilder();
        int https = settings.devices() * settings.httpsPercent() / 100;
        ProgressBar certs = new ProgressBar(out, "client certificates");
        for (int i = 0; i < total; i++) {
            String mac = String.format(Locale.ROOT, "000e08%06x", (int) ((settings.seed() * 7919 + i) & 0xffffff));
            String model = MODELS[random.nextInt(MODELS.length)];
            String serial = String.format(Locale.ROOT, "DEMO%08d", i);
            String group = GROUP + "/" + REGIONS[i % REGIONS.length];
            Kind kind = i >= settings.devices() ? Kind.WRONG_STAGING_KEY
                    : https > 0 && i % Math.max(1, settings.devices() / https) == 0 && count(Kind.MTLS) < https ? Kind.MTLS
                    : Kind.STAGING_KEY;
            units.put(mac, new Unit(mac, kind));
            ndjson.append("{\"mac\":\"").append(mac).append("\",\"model\":\"").append(model)
                    .append("\",\"serial\":\"").append(serial).append("\",\"group\":\"").append(group).append('"');
            DeviceIdentity identity = DeviceIdentity.of(mac, model, serial);
            FlatProfile.Builder custom = FlatProfile.builder();
            if (kind == Kind.MTLS) {
                ndjson.append(",\"bootstrapMode\":\"mtls\"}\n");
                // The unit's own certificate, as the vendor's client CA would have issued it at manufacture.
                String product = model.matches("SPA[0-9].*") ? "SPA-" + model.substring(3) : model;
                DeviceCa.Issued cert = deviceCa.issueDevice(mac, product, serial, Duration.ofDays(3650));
                identity = identity.withClientCertificate(cert.clientContext(deviceCa.certificate()));
                custom.set("Profile_Rule", "https://" + stack.host() + ":" + stack.httpsPort() + "/bootstrap/$MA.xml");
                certs.show(count(Kind.MTLS), https, mac);
            } else {
                String registered = hex(random, 32);
                String held = kind == Kind.WRONG_STAGING_KEY ? hex(random, 32) : registered;
                ndjson.append(",\"stagingKey\":\"").append(registered).append("\"}\n");
                custom.set("Profile_Rule", "tftp://" + stack.host() + ":" + stack.tftpPort() + "/spa$PSN.cfg")
                        .set("GPP_SA", held);
            }
            fleet.add(identity, custom.build());
        }
        if (https > 0) {
            certs.finish();
        }
        byte[] body = ndjson.toString().getBytes(StandardCharsets.US_ASCII);
        String job = api.importDevices(() -> new ByteArrayInputStream(body));
        ProgressBar bar = new ProgressBar(out, "register");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            JsonNode status = api.importJob(job);
            long done = status.path("imported").asLong(0) + status.path("alreadyRegistered").asLong(0)
                    + status.path("rejected").asLong(0);
            bar.show(done, total, status.path("state").asText(""));
            String state = status.path("state").asText("");
            if (state.equals("completed") || state.equals("failed")) {
                bar.finish();
                long rejected = status.path("rejected").asLong(0);
                if (!state.equals("completed") || rejected > 0) {
                    throw new IOException("the import " + job + " ended " + state + " with " + rejected + " rejected lines");
                }
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the import " + job + " did not finish within " + PHASE_LIMIT.toMinutes() + " minutes");
            }
            Thread.sleep(250);
        }
    }

    /**
     * Powers the fleet on and moves it until every unit but the wrong-key ones has fetched its first chain file
     * (generation 1 confirmed). The wrong-key units are then still retrying: that is what the summary reports.
     */
    private void bootstrap() throws IOException, InterruptedException {
        // As an ISP ships units only once they are provisioned: wait until crypto-service has issued every unit's
        // first generation (and so published its bootstrap file), or the units' virtual hours would run ahead of the
        // services and fill the summary with 404 retries.
        ProgressBar issued = new ProgressBar(out, "keys issued");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        // The rate is taken from the first issued key to the last: the wait before the first is the pipeline's
        // latency (import events through Kafka), not its throughput, and dominates a small fleet's figure.
        Instant firstSeen = null;
        int doneAtFirst = 0;
        while (true) {
            int done = count(api.devices(GROUP), d -> d.path("generation").asLong(0) >= 1);
            issued.show(done, total, done + " with generation 1");
            if (firstSeen == null && done > 0) {
                firstSeen = Instant.now();
                doneAtFirst = done;
            }
            if (done >= total) {
                issued.finish();
                double seconds = Duration.between(firstSeen, Instant.now()).toMillis() / 1000.0;
                // Everything at once (or within one poll): too fast to measure, so nothing to pace.
                issuedPerSecond = seconds < 1 ? 0 : (done - doneAtFirst) / seconds;
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                issued.finish();
                throw new IOException("only " + done + " of " + total + " devices got generation 1 within "
                        + PHASE_LIMIT.toMinutes() + " minutes");
            }
            Thread.sleep(500);
        }
        fleet.powerOnAll();
        ProgressBar bar = new ProgressBar(out, "bootstrap");
        awaitFleet(bar, settings.devices(), devices -> count(devices, d -> d.path("confirmedGeneration").asLong(0) >= 1),
                "chain reached");
        // A few more hours, so a wrong-key unit has retried more than once before anyone judges it.
        for (int i = 0; i < 2; i++) {
            step();
        }
    }

    /**
     * The rotation campaigns, with the offline cohort: each of its units goes offline before one campaign and comes
     * back after 1 to 3 of them, so it misses those rotations; it must then walk straight to the newest generation.
     */
    private DemoReport.Offline campaigns(List<Double> campaignSeconds) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x0FF11E);
        List<String> candidates = macs(Kind.STAGING_KEY);
        int cohort = settings.rotations() == 0 ? 0 : settings.devices() * settings.offlinePercent() / 100;
        cohort = Math.min(cohort, candidates.size());
        Map<Integer, List<String>> leaveBefore = new HashMap<>();
        Map<Integer, List<String>> returnAfter = new HashMap<>();
        int missed = 0;
        for (int i = 0; i < cohort; i++) {
            String mac = candidates.get(random.nextInt(candidates.size()));
            candidates.remove(mac);
            int spell = 1 + random.nextInt(Math.min(3, settings.rotations()));
            int first = 1 + random.nextInt(settings.rotations() - spell + 1);
            leaveBefore.computeIfAbsent(first, k -> new ArrayList<>()).add(mac);
            returnAfter.computeIfAbsent(first + spell - 1, k -> new ArrayList<>()).add(mac);
            missed += spell;
        }
        int offlineNow = 0;
        int rate = campaignRate();
        if (settings.rotations() > 0 && issuedPerSecond > 0) {
            out.printf(Locale.ROOT, "  campaigns at %d/min (crypto-service issued the first generations at %.0f/s)%n",
                    rate, issuedPerSecond);
        }
        for (int k = 1; k <= settings.rotations(); k++) {
            List<String> leaving = leaveBefore.getOrDefault(k, List.of());
            fleet.goOffline(leaving);
            offlineNow += leaving.size();
            if (offlineNow > 0) {
                out.println("  " + offlineNow + " units offline during campaign " + k);
            }
            campaignSeconds.add(rotate(k, offlineNow, rate));
            List<String> returning = returnAfter.getOrDefault(k, List.of());
            fleet.comeOnline(returning);
            offlineNow -= returning.size();
            if (!returning.isEmpty()) {
                // Back before the next campaign asks for another generation: a unit more than three generations
                // behind would be refused one (crypto's unconfirmed backlog).
                awaitCaughtUp(returning, "back online " + k);
            }
        }
        int caughtUp = cohort == 0 ? 0 : onNewest(returnAfter.values().stream().flatMap(List::stream).toList());
        return new DemoReport.Offline(cohort, missed, caughtUp);
    }

    /** One campaign over the demo group; returns its wall time in seconds. */
    private double rotate(int k, int offline, int rate) throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        int active = settings.devices();
        // Offline units time out (they confirm late, when back): the stop rule must tolerate them, and a canary
        // that may hold offline units would only wait for them. An operator rotating a fleet with a known offline
        // share sets the rule that way too: the offline units, plus a quarter of the rest for online units that
        // confirm after the window on a busy machine (they still count when they do); a rotation that really fails
        // (a wrong key, a file that does not decrypt) fails every unit it touches and trips the rule all the same.
        int canary = offline > 0 ? 0 : 1;
        int window = Math.max(1000, active);
        String stopAfter = offline > 0 ? Math.min(window, offline + Math.max(10, active / 4)) + "/" + window : "10/1000";
        String confirmWithin = offline > 0 ? offlineConfirmWithin() : null;
        String id = api.startCampaign(GROUP, rate, canary, stopAfter, confirmWithin);
        out.printf(Locale.ROOT, "  campaign %d: %d/min, stop after %s, confirm within %s%n", k, rate, stopAfter,
                confirmWithin == null ? "the scheduler's default" : confirmWithin);
        ProgressBar bar = new ProgressBar(out, "rotation " + k + " (" + id + ")");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            step();
            JsonNode campaign = api.campaign(id);
            JsonNode counts = campaign.path("counts");
            String state = campaign.path("state").asText("");
            long confirmed = counts.path("confirmed").asLong(0);
            long failed = counts.path("failed").asLong(0);
            bar.show(confirmed, active - offline, String.format(Locale.ROOT,
                    "%s requested %d issued %d published %d confirmed %d failed/overdue %d (step %.1f s)",
                    state, counts.path("requested").asLong(0), counts.path("issued").asLong(0),
                    counts.path("published").asLong(0), confirmed, failed, lastStepSeconds));
            if (state.equals("completed") && confirmed >= active - offline) {
                bar.finish();
                return Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            }
            if (state.equals("halted") || state.equals("cancelled")) {
                bar.finish();
                throw new IOException("campaign " + id + " ended " + state + ": " + campaign.path("reason").asText(""));
            }
            if (Instant.now().isAfter(deadline)) {
                bar.finish();
                throw new IOException("campaign " + id + " did not complete within " + PHASE_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    /**
     * The campaign's rate: the one asked for, but no more than a share of what crypto-service showed it can issue on
     * this machine, as an operator paces a campaign to the capacity the preflight shows. Faster, requests queue in
     * crypto-service and the waiting counts against every unit's confirm-within.
     */
    private int campaignRate() {
        if (issuedPerSecond <= 0 || settings.devices() / issuedPerSecond <= QUEUE_LIMIT.toSeconds()) {
            // The whole fleet's requests queue for a few seconds at most: nothing to pace.
            return settings.ratePerMinute();
        }
        int sustainable = (int) Math.max(60, issuedPerSecond * 60 * RATE_SHARE);
        return Math.min(settings.ratePerMinute(), sustainable);
    }

    /**
     * How long a device of a campaign with offline units has to confirm (real time). An online unit confirms within
     * two or three steps of its file's publication, and a step takes longer the bigger the fleet and the busier the
     * machine, so the window is measured, not guessed: eight typical recent steps (the median of the last five, so
     * one step that waited long for the services does not stretch every window), and twenty seconds for the
     * services. The offline units time out, the campaign completes, and their late confirmation still counts when
     * they return.
     */
    private String offlineConfirmWithin() {
        double[] steps = recentSteps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double step = steps.length == 0 ? 10 : steps[steps.length / 2];
        return "PT" + Math.round(20 + 8 * step) + "S";
    }

    /**
     * Factory-resets units of both modes after the campaigns. Crypto-service disarms a bootstrap after its first
     * confirmation, so the operator re-arms each one first (as for a unit back from repair); the unit then walks
     * stage 0 (or its mTLS bootstrap URL) again and must end on the newest generation.
     */
    private DemoReport.Resets factoryResets() throws IOException, InterruptedException {
        int n = settings.factoryResets();
        if (n == 0) {
            return new DemoReport.Resets(0, 0, 0, 0);
        }
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5E5E7);
        List<String> mtls = macs(Kind.MTLS);
        List<String> staging = macs(Kind.STAGING_KEY);
        List<String> chosen = new ArrayList<>();
        int mtlsCount = Math.min(mtls.size(), (n + 1) / 2);
        for (int i = 0; i < n && !(mtls.isEmpty() && staging.isEmpty()); i++) {
            List<String> from = i < mtlsCount && !mtls.isEmpty() ? mtls : staging.isEmpty() ? mtls : staging;
            chosen.add(from.remove(random.nextInt(from.size())));
        }
        ProgressBar rearm = new ProgressBar(out, "re-arm bootstraps");
        for (int i = 0; i < chosen.size(); i++) {
            api.rearmBootstrap(chosen.get(i));
            rearm.show(i + 1, chosen.size(), chosen.get(i));
        }
        rearm.finish();
        // The re-armed bootstrap files travel to delivery-service through Kafka; a unit that asks too early gets a
        // 404 and retries, as a real one would.
        fleet.factoryReset(chosen);
        awaitCaughtUp(chosen, "factory resets");
        int m = (int) chosen.stream().filter(mac -> units.get(mac).kind() == Kind.MTLS).count();
        return new DemoReport.Resets(chosen.size(), chosen.size() - m, m, onNewest(chosen));
    }

    /** Every unit reboots at the same instant; with Resync_On_Reset each resyncs within its Resync_Random_Delay. */
    private DemoReport.Storm storm() throws InterruptedException {
        ResyncCounts before = fleet.counts();
        stormFailures = new ConcurrentHashMap<>();
        Instant t0 = Instant.now();
        fleet.rebootAll();
        // Resync_Random_Delay 2 (units of 20 s): the whole fleet has come back within 40 virtual seconds.
        clock.runFor(Duration.ofSeconds(41), unitPool, SLICE);
        double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        ResyncCounts after = fleet.counts();
        long resyncs = after.resyncs(ResyncReason.POWER_UP) - before.resyncs(ResyncReason.POWER_UP);
        out.printf(Locale.ROOT, "  power-restore storm: %d units resynced within 40 virtual seconds in %.1f s%n", resyncs,
                seconds);
        Map<String, List<String>> failures = stormFailures;
        stormFailures = null;
        List<String> reasons = new ArrayList<>();
        new TreeMap<>(failures).forEach((mac, messages) -> messages.forEach(m -> reasons.add(mac + ": " + m)));
        Thread.sleep(SERVICE_PAUSE.toMillis());
        return new DemoReport.Storm(true, resyncs, after.failures() - before.failures(), reasons, seconds);
    }

    /** A few more resync rounds, so a unit that was mid-chain when the last phase ended gets its chance. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            step();
        }
    }

    /** Steps until every unit in {@code macs} holds its newest generation (registry) and is not failing. */
    private void awaitCaughtUp(List<String> macs, String what) throws IOException, InterruptedException {
        ProgressBar bar = new ProgressBar(out, what);
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            step();
            int done = onNewest(macs);
            bar.show(done, macs.size(), done + " on their newest generation");
            if (done >= macs.size()) {
                bar.finish();
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                bar.finish();
                throw new IOException("only " + done + " of " + macs.size() + " units (" + what
                        + ") reached their newest generation within " + PHASE_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    /** How many of {@code macs} the registry shows confirmed on their newest issued generation, with a healthy unit. */
    private int onNewest(List<String> macs) throws IOException {
        Set<String> wanted = Set.copyOf(macs);
        int n = 0;
        for (JsonNode d : api.devices(GROUP)) {
            String mac = d.path("mac").asText();
            if (wanted.contains(mac) && confirmedOnNewest(d) && !fleet.device(mac).orElseThrow().status().failing()) {
                n++;
            }
        }
        return n;
    }

    private static boolean confirmedOnNewest(JsonNode d) {
        long generation = d.path("generation").asLong(0);
        return generation > 0 && d.path("confirmedGeneration").asLong(0) == generation;
    }

    private void awaitFleet(ProgressBar bar, int wanted, java.util.function.ToIntFunction<List<JsonNode>> progress,
            String what) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            step();
            int done = progress.applyAsInt(api.devices(GROUP));
            bar.show(done, wanted, String.format(Locale.ROOT, "%d %s, virtual %s (step %.1f s)", done, what, clock.now(),
                    lastStepSeconds));
            if (done >= wanted) {
                bar.finish();
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                bar.finish();
                throw new IOException("only " + done + " of " + wanted + " devices " + what + " within "
                        + PHASE_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    /**
     * Moves the fleet one step of virtual time, then lets the services catch up in real time: a pause, and then, when
     * the stack's Kafka is known, until no more than about a step's worth of records waits for the services.
     */
    private void step() throws InterruptedException {
        long t0 = System.nanoTime();
        clock.runFor(STEP, unitPool, SLICE);
        Thread.sleep(SERVICE_PAUSE.toMillis());
        if (lag != null) {
            // The services commit offsets every few seconds, so a few steps' worth of records is always uncommitted.
            long allowed = 4L * total + 400;
            long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
            while (lag.total() > allowed && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        }
        lastStepSeconds = (System.nanoTime() - t0) / 1e9;
        recentSteps.addLast(lastStepSeconds);
        if (recentSteps.size() > 5) {
            recentSteps.removeFirst();
        }
    }

    /**
     * Sorts every unit into confirmed (on the fleet's newest generation, resyncing fine), failed (never confirmed its
     * bootstrap: the registry still shows it {@code registered}) or stranded (confirmed once, so the operator counts
     * it as provisioned, yet behind the newest generation or failing its resyncs).
     */
    private DemoReport report(List<Double> campaignSeconds, DemoReport.Offline offline, DemoReport.Resets resets,
            DemoReport.Storm storm, double seconds) throws IOException {
        List<JsonNode> devices = api.devices(GROUP);
        Map<String, JsonNode> byMac = new HashMap<>();
        devices.forEach(d -> byMac.put(d.path("mac").asText(), d));
        long newest = devices.stream().mapToLong(d -> d.path("generation").asLong(0)).max().orElse(0);
        TreeMap<Long, Integer> generations = new TreeMap<>();
        int confirmed = 0;
        int stranded = 0;
        int failing = 0;
        List<DemoReport.Failed> failed = new ArrayList<>();
        for (SpaDevice unit : fleet.devices()) {
            DeviceStatus status = unit.status();
            JsonNode device = byMac.get(unit.mac());
            long generation = device == null ? 0 : device.path("generation").asLong(0);
            long confirmedGeneration = device == null ? 0 : device.path("confirmedGeneration").asLong(0);
            generations.merge(generation, 1, Integer::sum);
            if (status.failing()) {
                failing++;
            }
            if (confirmedGeneration == 0) {
                String state = device == null ? "missing" : device.path("state").asText("?");
                String error = status.lastResult().flatMap(r -> r.failure()).map(f -> f.err()).orElse("none");
                failed.add(new DemoReport.Failed(unit.mac(), state, confirmedGeneration, error,
                        failureLines.getOrDefault(unit.mac(), new AtomicLong()).get()));
            } else if (generation == newest && confirmedGeneration == generation && !status.failing()) {
                confirmed++;
            } else {
                stranded++;
            }
        }
        ResyncCounts counts = fleet.counts();
        int rotations = settings.rotations() * settings.devices();
        double campaigns = campaignSeconds.stream().mapToDouble(Double::doubleValue).sum();
        return new DemoReport(total, count(Kind.MTLS), settings.rotations(), generations, confirmed, stranded, failed,
                settings.wrongStagingKeys(), failing, counts.fetches(UrlScheme.TFTP), counts.fetches(UrlScheme.HTTP),
                counts.fetches(UrlScheme.HTTPS), counts.failures(), offline, resets, storm, campaignSeconds,
                rotations == 0 ? 0 : campaigns * 1000 / rotations, seconds);
    }

    private List<String> macs(Kind kind) {
        return new ArrayList<>(units.values().stream().filter(u -> u.kind() == kind).map(Unit::mac).toList());
    }

    private int count(Kind kind) {
        return (int) units.values().stream().filter(u -> u.kind() == kind).count();
    }

    private static int count(List<JsonNode> devices, java.util.function.Predicate<JsonNode> test) {
        return (int) devices.stream().filter(test).count();
    }

    private static String hex(SplittableRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static SSLContext trusting(DeviceCa ca) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, DeviceCa.trust(ca.certificate()).getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the device CA", e);
        }
    }
}
