package io.keyturn.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.DeviceStatus;
import io.keyturn.simulator.Fleet;
import io.keyturn.simulator.ProfileTransport;
import io.keyturn.simulator.ResyncCounts;
import io.keyturn.simulator.SpaDevice;
import io.keyturn.simulator.SyslogSink;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.HttpProfileTransport;
import io.keyturn.simulator.transport.TftpProfileTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The demo's scenario against a running stack: register a fleet through the registry's bulk import, power it
 * on (stage 0 over TFTP, the staging-key bootstrap and the chain over HTTP), run rotation campaigns through the
 * scheduler while the units resync, and count what holds.
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
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(15);

    private final Demo.Settings settings;
    private final KeyturnApi api;
    private final PrintStream out;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Fleet fleet;

    FleetDemo(Demo.Settings settings, KeyturnApi api, PrintStream out) {
        this.settings = settings;
        this.api = api;
        this.out = out;
        ProfileTransport transport = ProfileTransport.byScheme(Map.of(
                UrlScheme.TFTP, new TftpProfileTransport(),
                UrlScheme.HTTP, new HttpProfileTransport()));
        this.fleet = new Fleet(clock, transport, SyslogSink.DISCARD, settings.seed(), settings.host());
    }

    DemoReport run() throws IOException, InterruptedException {
        Instant begin = Instant.now();
        register();
        bootstrap();
        List<Double> campaignSeconds = new ArrayList<>();
        for (int k = 1; k <= settings.rotations(); k++) {
            campaignSeconds.add(rotate(k));
        }
        settle();
        return report(campaignSeconds, Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    }

    /** Builds the units (each with its staging key pre-loaded, as an ISP's customised units come) and imports them. */
    private void register() throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < settings.devices(); i++) {
            String mac = String.format(Locale.ROOT, "000e08%06x", (int) ((settings.seed() * 7919 + i) & 0xffffff));
            String model = MODELS[random.nextInt(MODELS.length)];
            String serial = String.format(Locale.ROOT, "DEMO%08d", i);
            String group = GROUP + "/" + REGIONS[i % REGIONS.length];
            byte[] staging = new byte[32];
            random.nextBytes(staging);
            String stagingKey = HexFormat.of().formatHex(staging);
            ndjson.append("{\"mac\":\"").append(mac).append("\",\"model\":\"").append(model)
                    .append("\",\"serial\":\"").append(serial).append("\",\"group\":\"").append(group)
                    .append("\",\"stagingKey\":\"").append(stagingKey).append("\"}\n");
            // What the ISP's customisation puts in the unit: where stage 0 lives, and its staging key.
            FlatProfile custom = FlatProfile.builder()
                    .set("Profile_Rule", "tftp://" + settings.host() + ":" + settings.tftpPort() + "/spa$PSN.cfg")
                    .set("GPP_SA", stagingKey)
                    .build();
            fleet.add(DeviceIdentity.of(mac, model, serial), custom);
        }
        byte[] body = ndjson.toString().getBytes(StandardCharsets.US_ASCII);
        String job = api.importDevices(() -> new ByteArrayInputStream(body));
        ProgressBar bar = new ProgressBar(out, "register");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            JsonNode status = api.importJob(job);
            long done = status.path("imported").asLong(0) + status.path("alreadyRegistered").asLong(0)
                    + status.path("rejected").asLong(0);
            bar.show(done, settings.devices(), status.path("state").asText(""));
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

    /** Powers the fleet on and moves it until every unit has fetched its first chain file (generation 1 confirmed). */
    private void bootstrap() throws IOException, InterruptedException {
        // As an ISP ships units only once they are provisioned: wait until crypto-service has issued every unit's
        // first generation (and so published its bootstrap file), or the units' virtual hours would run ahead of the
        // services and fill the summary with 404 retries.
        ProgressBar issued = new ProgressBar(out, "keys issued");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            int done = count(api.devices(GROUP), d -> d.path("generation").asLong(0) >= 1);
            issued.show(done, settings.devices(), done + " with generation 1");
            if (done >= settings.devices()) {
                issued.finish();
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                issued.finish();
                throw new IOException("only " + done + " of " + settings.devices() + " devices got generation 1 within "
                        + PHASE_LIMIT.toMinutes() + " minutes");
            }
            Thread.sleep(500);
        }
        fleet.powerOnAll();
        ProgressBar bar = new ProgressBar(out, "bootstrap");
        awaitFleet(bar, devices -> count(devices, d -> d.path("confirmedGeneration").asLong(0) >= 1), "chain reached");
    }

    /** One campaign over the demo group; returns its wall time in seconds. */
    private double rotate(int k) throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        String id = api.startCampaign(GROUP, settings.ratePerMinute(), 1, "10/1000");
        ProgressBar bar = new ProgressBar(out, "rotation " + k + " (" + id + ")");
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            step();
            JsonNode campaign = api.campaign(id);
            JsonNode counts = campaign.path("counts");
            String state = campaign.path("state").asText("");
            long confirmed = counts.path("confirmed").asLong(0);
            bar.show(confirmed, settings.devices(), String.format(Locale.ROOT, "%s requested %d issued %d published %d confirmed %d failed %d",
                    state, counts.path("requested").asLong(0), counts.path("issued").asLong(0),
                    counts.path("published").asLong(0), confirmed, counts.path("failed").asLong(0)));
            if (state.equals("completed") && confirmed >= settings.devices()) {
                bar.finish();
                return Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            }
            if (state.equals("halted") || state.equals("cancelled")) {
                bar.finish();
                throw new IOException("campaign " + id + " ended " + state + ": " + campaign.path("haltReason").asText(""));
            }
            if (Instant.now().isAfter(deadline)) {
                bar.finish();
                throw new IOException("campaign " + id + " did not complete within " + PHASE_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    /** A few more resync rounds, so a unit that was mid-chain when the last campaign completed gets its chance. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            step();
        }
    }

    private void awaitFleet(ProgressBar bar, java.util.function.ToIntFunction<List<JsonNode>> progress, String what)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            step();
            int done = progress.applyAsInt(api.devices(GROUP));
            bar.show(done, settings.devices(), done + " " + what + ", virtual " + clock.now());
            if (done >= settings.devices()) {
                bar.finish();
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                bar.finish();
                throw new IOException("only " + done + " of " + settings.devices() + " devices " + what + " within "
                        + PHASE_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    /** Moves the fleet one step of virtual time, then lets the services catch up in real time. */
    private void step() throws InterruptedException {
        clock.runFor(STEP);
        Thread.sleep(SERVICE_PAUSE.toMillis());
    }

    private DemoReport report(List<Double> campaignSeconds, double seconds) throws IOException {
        List<JsonNode> devices = api.devices(GROUP);
        Map<String, JsonNode> byMac = new HashMap<>();
        devices.forEach(d -> byMac.put(d.path("mac").asText(), d));
        TreeMap<Long, Integer> generations = new TreeMap<>();
        int confirmed = 0;
        int stranded = 0;
        int failing = 0;
        for (SpaDevice unit : fleet.devices()) {
            DeviceStatus status = unit.status();
            JsonNode device = byMac.get(unit.mac());
            long generation = device == null ? 0 : device.path("generation").asLong(0);
            long confirmedGeneration = device == null ? 0 : device.path("confirmedGeneration").asLong(0);
            generations.merge(generation, 1, Integer::sum);
            boolean onNewest = generation > 0 && confirmedGeneration == generation;
            if (onNewest) {
                confirmed++;
            }
            if (status.failing()) {
                failing++;
            }
            if (!onNewest || status.failing()) {
                stranded++;
            }
        }
        ResyncCounts counts = fleet.counts();
        int rotations = settings.rotations() * settings.devices();
        double total = campaignSeconds.stream().mapToDouble(Double::doubleValue).sum();
        return new DemoReport(settings.devices(), settings.rotations(), generations, confirmed, stranded, failing,
                counts.fetches(UrlScheme.TFTP), counts.fetches(UrlScheme.HTTP), counts.fetches(UrlScheme.HTTPS),
                counts.failures(), campaignSeconds, rotations == 0 ? 0 : total * 1000 / rotations, seconds);
    }

    private static int count(List<JsonNode> devices, java.util.function.Predicate<JsonNode> test) {
        return (int) devices.stream().filter(test).count();
    }
}
