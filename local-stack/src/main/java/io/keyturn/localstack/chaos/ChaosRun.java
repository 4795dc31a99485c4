package io.keyturn.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyturn.localstack.demo.KeyturnApi;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.DeviceStatus;
import io.keyturn.simulator.Fleet;
import io.keyturn.simulator.ProfileTransport;
import io.keyturn.simulator.SpaDevice;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A chaos run against a running stack: a fleet of staging-key units (device-simulator, virtual time) registered
 * through the registry, rotation campaigns through the scheduler, and the schedule's faults injected while the
 * campaigns run (each on a thread of its own, so the fleet keeps resyncing through it). Once every campaign has
 * completed and the fleet has settled, {@link InvariantCheck} judges what the operator can see.
 *
 * <p>Only staging-key units take part: an mTLS unit whose resync fails is sent to the chain rule's recovery
 * alternative, which cannot work in the local stack (local-stack/README.md, "Known limit"), so a kill of delivery
 * would strand it for a reason the chaos run is not about.
 */
public final class ChaosRun {

    /** The run's group; every campaign rotates all of it. */
    static final String GROUP = "chaos";
    private static final String[] MODELS = {"SPA962", "SPA942", "SPA2102", "PAP2T", "SPA112", "SPA922"};
    private static final Duration STEP = Duration.ofHours(1);
    private static final Duration SERVICE_PAUSE = Duration.ofMillis(1000);
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(10);
    /** Long enough that no unit times out while a fault holds it back: the run judges recovery, not deadlines. */
    private static final String CONFIRM_WITHIN = "PT30M";

    private final ChaosTarget target;
    private final KeyturnApi api;
    private final FaultInjector injector;
    private final PrintStream out;
    private final int devices;
    private final FaultSchedule schedule;
    private final boolean overlapFaults;
    private final VirtualScheduler clock = new VirtualScheduler();
    private final Fleet fleet;
    private final List<String> macs = new ArrayList<>();

    /**
     * @param overlapFaults inject each fault at its step even while the one before it is still being recovered from
     *     (quicker, and harsher); otherwise a fault waits for the stack to be whole again, so that each recovery time
     *     is that fault's alone
     */
    public ChaosRun(ChaosTarget target, String token, int devices, FaultSchedule schedule, boolean overlapFaults,
            PrintStream out) {
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be between 1 and 10000, not " + devices);
        }
        this.target = target;
        this.api = new KeyturnApi(target.registry(), target.scheduler(), target.crypto(), token);
        this.injector = new FaultInjector(target);
        this.out = out;
        this.devices = devices;
        this.schedule = schedule;
        this.overlapFaults = overlapFaults;
        ProfileTransport http = new HttpProfileTransport();
        this.fleet = new Fleet(clock, ProfileTransport.byScheme(Map.of(UrlScheme.TFTP, new TftpProfileTransport(),
                UrlScheme.HTTP, http)), line -> { }, schedule.seed(), target.host());
    }

    /**
     * Registers and bootstraps the fleet, runs the schedule's campaigns with their faults, lets the fleet settle and
     * checks the invariants.
     *
     * @throws IOException naming the seed when the stack does not get through a phase in time, or a fault could not
     *     be injected
     */
    public ChaosResult run() throws IOException, InterruptedException {
        Instant begin = Instant.now();
        out.println("keyturn chaos: seed " + schedule.seed() + ", " + devices + " units, " + schedule.campaigns()
                + " campaigns, " + schedule.faults().size() + " faults");
        schedule.faults().forEach(f -> out.println("  planned " + f.label()));
        register();
        bootstrap();
        List<FaultOutcome> outcomes = new ArrayList<>();
        List<Double> campaignSeconds = new ArrayList<>();
        List<String> campaignIds = new ArrayList<>();
        ExecutorService faults = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chaos-faults");
            t.setDaemon(true);
            return t;
        });
        String aborted = null;
        double settleSeconds = 0;
        try {
            for (int k = 0; k < schedule.campaigns(); k++) {
                Instant t0 = Instant.now();
                campaign(k, faults, outcomes, campaignIds);
                campaignSeconds.add(seconds(t0));
            }
            Instant settling = Instant.now();
            settle(schedule.campaigns() + 1L);
            settleSeconds = seconds(settling);
        } catch (IOException e) {
            // Still judged and reported: what was tried and what held up to here are figures too.
            aborted = e.getMessage();
            out.println("keyturn chaos: aborted: " + aborted);
        } finally {
            faults.shutdownNow();
        }
        InvariantCheck.Verdict verdict;
        try {
            verdict = aborted == null ? judge(campaignIds)
                    : InvariantCheck.check(units(), campaigns(campaignIds), rotationEvents());
        } catch (IOException | RuntimeException e) {
            throw failure("the stack could not be read for the checks: " + e.getMessage());
        }
        out.println("keyturn chaos: " + verdict.describe());
        return new ChaosResult(schedule.seed(), devices, schedule, outcomes, campaignSeconds, settleSeconds, verdict,
                seconds(begin), aborted);
    }

    private void register() throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(schedule.seed());
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            // 000e09: apart from the demo's 000e08 units, should both ever share a stack.
            String mac = String.format(Locale.ROOT, "000e09%06x", (int) ((schedule.seed() * 7919 + i) & 0xffffff));
            String model = MODELS[random.nextInt(MODELS.length)];
            String serial = String.format(Locale.ROOT, "CHAOS%07d", i);
            byte[] key = new byte[32];
            random.nextBytes(key);
            String stagingKey = HexFormat.of().formatHex(key);
            macs.add(mac);
            ndjson.append("{\"mac\":\"").append(mac).append("\",\"model\":\"").append(model).append("\",\"serial\":\"")
                    .append(serial).append("\",\"group\":\"").append(GROUP).append("\",\"stagingKey\":\"")
                    .append(stagingKey).append("\"}\n");
            fleet.add(DeviceIdentity.of(mac, model, serial), FlatProfile.builder()
                    .set("Profile_Rule", "tftp://" + target.host() + ":" + target.tftpPort() + "/spa$PSN.cfg")
                    .set("GPP_SA", stagingKey).build());
        }
        byte[] body = ndjson.toString().getBytes(StandardCharsets.US_ASCII);
        String job = api.importDevices(() -> new ByteArrayInputStream(body));
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        while (true) {
            JsonNode status = api.importJob(job);
            String state = status.path("state").asText("");
            if (state.equals("completed") || state.equals("failed")) {
                long rejected = status.path("rejected").asLong(0);
                if (!state.equals("completed") || rejected > 0) {
                    throw failure("the import " + job + " ended " + state + " with " + rejected + " rejected lines");
                }
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("the import " + job + " did not finish in time");
            }
            Thread.sleep(250);
        }
        awaitDevices("generation 1 issued", d -> d.path("generation").asLong(0) >= 1, false);
    }

    private void bootstrap() throws IOException, InterruptedException {
        fleet.powerOnAll();
        awaitDevices("bootstrapped", d -> d.path("confirmedGeneration").asLong(0) >= 1, true);
    }

    /**
     * One campaign over the group, with its faults: each is injected once the campaign has run its step count (and,
     * unless faults overlap, once the fault before it has been recovered from). Returns once it has completed and its
     * faults are over; its id goes into {@code started} when it is created.
     */
    private void campaign(int k, ExecutorService faults, List<FaultOutcome> outcomes, List<String> started)
            throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        String id = api.startCampaign(GROUP, 6000, 0, "10/1000", CONFIRM_WITHIN);
        // Listed as soon as it exists: a run that stops during it is judged with it (it gave units a generation).
        started.add(id);
        out.println("  campaign " + (k + 1) + ": " + id);
        List<Fault> pending = new ArrayList<>(schedule.during(k));
        Map<Fault, Future<FaultOutcome>> running = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        for (int step = 0; ; step++) {
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var r = it.next();
                if (r.getValue().isDone()) {
                    outcomes.add(outcome(r.getKey(), r.getValue()));
                    it.remove();
                }
            }
            while (!pending.isEmpty() && pending.get(0).afterStep() <= step && (overlapFaults || running.isEmpty())) {
                Fault fault = pending.remove(0);
                String state = campaignState(id).map(s -> "campaign " + s).orElse("campaign state unknown");
                out.printf(Locale.ROOT, "    %5.1f s inject %s (%s)%n", seconds(t0), fault.label(), state);
                running.put(fault, faults.submit(() -> injector.inject(fault)));
            }
            Optional<JsonNode> campaign = campaignView(id);
            String state = campaign.map(c -> c.path("state").asText("")).orElse("");
            if (state.equals("halted") || state.equals("cancelled")) {
                throw failure("campaign " + id + " ended " + state + ": " + campaign.get().path("reason").asText(""));
            }
            if (state.equals("completed") && running.isEmpty() && pending.isEmpty()) {
                JsonNode counts = campaign.get().path("counts");
                out.printf(Locale.ROOT, "    %5.1f s completed: requested %d issued %d published %d confirmed %d failed %d%n",
                        seconds(t0), counts.path("requested").asLong(), counts.path("issued").asLong(),
                        counts.path("published").asLong(), counts.path("confirmed").asLong(),
                        counts.path("failed").asLong());
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("campaign " + id + " did not complete within " + PHASE_LIMIT.toMinutes() + " minutes (state "
                        + (state.isEmpty() ? "unknown" : state) + (running.isEmpty() ? "" : ", still running: "
                        + running.keySet().stream().map(Fault::label).toList()) + ")");
            }
            step();
        }
    }

    private FaultOutcome outcome(Fault fault, Future<FaultOutcome> running) throws IOException, InterruptedException {
        try {
            FaultOutcome outcome = running.get();
            out.printf(Locale.ROOT, "          recovered from fault %d in %.1f s (%d restart(s); %s)%n", fault.number(),
                    outcome.recoverySeconds(), outcome.restarts(), outcome.detail());
            return outcome;
        } catch (ExecutionException e) {
            throw failure(e.getCause().getMessage());
        }
    }

    /** Steps until every unit is confirmed on {@code newest} (registry) and resyncing fine. */
    private void settle(long newest) throws IOException, InterruptedException {
        awaitDevices("on generation " + newest, d -> d.path("generation").asLong(0) == newest
                && d.path("confirmedGeneration").asLong(0) == newest
                && !fleet.device(d.path("mac").asText()).map(u -> u.status().failing()).orElse(true), true);
        // One more resync round: a unit that confirmed in the last step has its retirement and the last events
        // written by the time the topic is read.
        step();
    }

    /**
     * Reads the views and every record of {@code keyturn.rotations}, and checks them. The outboxes may still be
     * sending the last events: a lifecycle found incomplete is read again for a while before it counts.
     */
    private InvariantCheck.Verdict judge(List<String> campaignIds) throws IOException, InterruptedException {
        Instant t0 = Instant.now();
        Instant deadline = t0.plusSeconds(30);
        for (int attempt = 1; ; attempt++) {
            InvariantCheck.Verdict verdict = InvariantCheck.check(units(), campaigns(campaignIds), rotationEvents());
            if (verdict.allHold() || Instant.now().isAfter(deadline)) {
                out.printf(Locale.ROOT, "  checked %d records of keyturn.rotations (%d distinct) in %.1f s, %d attempt(s)%n",
                        verdict.records(), verdict.distinctEvents(), seconds(t0), attempt);
                return verdict;
            }
            step();
        }
    }

    private List<InvariantCheck.Unit> units() throws IOException {
        Map<String, JsonNode> registry = new HashMap<>();
        for (JsonNode d : api.devices(GROUP)) {
            registry.put(d.path("mac").asText(), d);
        }
        List<InvariantCheck.Unit> units = new ArrayList<>();
        for (String mac : macs) {
            JsonNode d = registry.get(mac);
            DeviceStatus status = fleet.device(mac).map(SpaDevice::status).orElseThrow();
            units.add(new InvariantCheck.Unit(mac, d == null ? 0 : d.path("generation").asLong(0),
                    d == null ? 0 : d.path("confirmedGeneration").asLong(0), status.failing(),
                    status.keyFingerprint().orElse(null)));
        }
        return units;
    }

    private List<InvariantCheck.Campaign> campaigns(List<String> ids) throws IOException {
        List<InvariantCheck.Campaign> campaigns = new ArrayList<>();
        for (String id : ids) {
            JsonNode c = api.campaign(id);
            JsonNode counts = c.path("counts");
            List<InvariantCheck.CampaignDevice> devices = new ArrayList<>();
            for (JsonNode d : api.campaignDevices(id)) {
                devices.add(new InvariantCheck.CampaignDevice(d.path("mac").asText(), d.path("stage").asText(),
                        d.path("generation").asLong(0)));
            }
            campaigns.add(new InvariantCheck.Campaign(id, c.path("state").asText(), c.path("total").asInt(),
                    counts.path("requested").asInt(), counts.path("issued").asInt(), counts.path("published").asInt(),
                    counts.path("confirmed").asInt(), counts.path("failed").asInt(), devices));
        }
        return campaigns;
    }

    private List<RotationEvent> rotationEvents() {
        List<RotationEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : FaultInjector.readAll(target.kafkaBootstrap(), "keyturn.rotations")) {
            Map<String, byte[]> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            RotationEvent.parse(headers, r.value()).filter(e -> macs.contains(e.mac())).ifPresent(events::add);
        }
        return events;
    }

    private void awaitDevices(String what, java.util.function.Predicate<JsonNode> done, boolean stepping)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PHASE_LIMIT);
        Instant t0 = Instant.now();
        int n = 0;
        while (true) {
            Optional<List<JsonNode>> list = devicesNow();
            if (list.isPresent()) {
                n = (int) list.get().stream().filter(done).count();
                if (n >= devices) {
                    out.printf(Locale.ROOT, "  %d units %s in %.1f s%n", n, what, seconds(t0));
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("only " + n + " of " + devices + " units " + what + " within " + PHASE_LIMIT.toMinutes()
                        + " minutes");
            }
            if (stepping) {
                step();
            } else {
                Thread.sleep(500);
            }
        }
    }

    /** The registry's devices, or empty while the registry is down (a fault may have killed it). */
    private Optional<List<JsonNode>> devicesNow() {
        try {
            return Optional.of(api.devices(GROUP));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<JsonNode> campaignView(String id) {
        try {
            return Optional.of(api.campaign(id));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<String> campaignState(String id) {
        return campaignView(id).map(c -> c.path("state").asText("?") + ", confirmed "
                + c.path("counts").path("confirmed").asInt() + "/" + c.path("total").asInt());
    }

    /** Moves the fleet one virtual hour (about one resync each), then lets the services catch up in real time. */
    private void step() throws InterruptedException {
        clock.runFor(STEP);
        Thread.sleep(SERVICE_PAUSE.toMillis());
    }

    private IOException failure(String message) {
        return new IOException(message + " [replay with --seed " + schedule.seed() + "]");
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
