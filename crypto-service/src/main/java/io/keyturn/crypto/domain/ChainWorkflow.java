package io.keyturn.crypto.domain;

import io.keyturn.crypto.domain.ChainStep.PublishBootstrap;
import io.keyturn.crypto.domain.ChainStep.PublishChainFile;
import io.keyturn.crypto.domain.ChainStep.WithdrawBootstrap;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The use cases of crypto-service on one device's chain, each meant to run in one transaction: load and lock the
 * device, apply the event to its {@link RotationChain}, render, encrypt and verify every file the chain asks for,
 * emit the events, save. Plain Java: storage and the outbox come in through {@link DeviceStore} and
 * {@link EventSink}.
 */
public final class ChainWorkflow {

    /** A chain is short; more steps than this in one advance means a bug, not work. */
    private static final int MAX_STEPS = 1_000;

    private final DeviceStore store;
    private final EventSink events;
    private final ProfileRenderer renderer;
    private final VerifiedSealer sealer;
    private final SecretSource secrets;
    private final ChainPolicy policy;
    private final Clock clock;
    private final Supplier<ProfileKey> keys;
    private final Supplier<String> directories;
    private final BootstrapMode stage0Mode;
    /** The vendor spc for spc-target bootstraps; null when none is configured (the mode is then refused). */
    private final TargetedCompiler spc;

    public ChainWorkflow(DeviceStore store, EventSink events, ProfileRenderer renderer, VerifiedSealer sealer,
            SecretSource secrets, ChainPolicy policy, Clock clock, Supplier<ProfileKey> keys,
            Supplier<String> directories, BootstrapMode stage0Mode, TargetedCompiler spc) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.directories = Objects.requireNonNull(directories, "directories");
        this.stage0Mode = Objects.requireNonNull(stage0Mode, "stage0Mode");
        this.spc = spc;
    }

    public ChainPolicy policy() {
        return policy;
    }

    /** A device registered: generation 1, its chain file, its bootstrap, and its model's stage-0 file. */
    public void registered(DeviceRegistered e) {
        saveChanged(change(store.lock(e.mac()).orElse(null), e.mac(), e.version(), e.model(), e.psn(), e.serial(),
                e.group(), e.bootstrapMode(), e.sealedStagingKey(), e.params(), e.sealedParams(), e.templates(),
                new HashMap<>()));
    }

    /**
     * {@link #registered} for each of {@code registrations}, in their order, in the caller's one transaction: the
     * devices are locked and loaded with one read, the templates read once, every device saved with one statement
     * each for devices and generations, and each model's stage-0 file checked once. A registration sees its device as
     * the ones before it in the batch left it, as if each had its own transaction. A bulk import registers thousands
     * of devices at once, and a transaction each cost more than rendering their first generation.
     */
    public void registeredAll(List<DeviceRegistered> registrations) {
        Set<String> macs = new HashSet<>();
        registrations.forEach(r -> macs.add(r.mac()));
        Map<String, Device> devices = new HashMap<>(store.lockAll(macs));
        Map<TemplateRef, FlatProfile> templates = new HashMap<>();
        Map<String, Device> changed = new LinkedHashMap<>();
        Set<String> models = new LinkedHashSet<>();
        for (DeviceRegistered e : registrations) {
            Device d = change(devices.get(e.mac()), e.mac(), e.version(), e.model(), e.psn(), e.serial(), e.group(),
                    e.bootstrapMode(), e.sealedStagingKey(), e.params(), e.sealedParams(), e.templates(), templates);
            if (d != null) {
                devices.put(d.mac(), d);
                changed.put(d.mac(), d);
                models.add(d.psn());
            }
        }
        store.saveAll(changed.values());
        models.forEach(this::publishStage0);
    }

    /** A device changed: its files are rendered again (a device not seen before is registered). */
    public void updated(DeviceUpdated e) {
        saveChanged(change(store.lock(e.mac()).orElse(null), e.mac(), e.version(), e.model(), e.psn(), e.serial(),
                e.group(), e.bootstrapMode(), e.sealedStagingKey(), e.params(), e.sealedParams(), e.templates(),
                new HashMap<>()));
    }

    private void saveChanged(Device d) {
        if (d != null) {
            store.save(d);
            publishStage0(d.psn());
        }
    }

    /**
     * Applies a registration or update to the device as stored ({@code existing}, null if unknown): generation 1 for
     * a new device, a re-render for a known one. Returns the device to save, or null when the change is stale (an
     * older or equal version) or the device is decommissioned, in which case nothing was emitted.
     */
    private Device change(Device existing, String mac, long version, String model, String psn, String serial,
            String group, BootstrapMode mode, SealedSecret sealedStagingKey, Map<String, String> params,
            Map<String, SealedSecret> sealedParams, List<TemplateRef> templateRefs,
            Map<TemplateRef, FlatProfile> templates) {
        if (existing != null && (existing.version() >= version || existing.chain().decommissioned())) {
            return null;
        }
        ProfileKey stagingKey = null;
        boolean stagingKeyUnusable = false;
        if (sealedStagingKey != null) {
            try {
                stagingKey = openStagingKey(mac, sealedStagingKey);
            } catch (RuntimeException e) {
                stagingKeyUnusable = true;
            }
        }
        RotationChain chain = existing == null ? null : existing.chain();
        boolean fresh = chain == null;
        if (fresh) {
            chain = RotationChain.start(mac, false);
        }
        Device device = new Device(mac, version, model, psn, serial, group, mode, stagingKey, params, sealedParams,
                templateRefs, chain);
        chain.stagingBootstrap(device.hasStagingBootstrap() || (mode == BootstrapMode.SPC_TARGET && spc != null));
        if (fresh) {
            Generation first = chain.issue(keys.get(), directories.get(), psn, null, null, policy, now());
            events.emit(new RotationIssued(mac, 1, null, first.fingerprint(), null, now()));
        } else {
            chain.rerender();
        }
        if (stagingKeyUnusable || (mode == BootstrapMode.STAGING_KEY && stagingKey == null && fresh)) {
            failed(device, chain.newest(), null, RotationFailureReason.BOOTSTRAP_UNAVAILABLE,
                    stagingKeyUnusable ? "the sealed staging key does not open with this service's sealing keys"
                            : "the device is in staging-key mode but no staging key was given", null);
        } else if (mode == BootstrapMode.SPC_TARGET && fresh && spc == null) {
            failed(device, chain.newest(), null, RotationFailureReason.BOOTSTRAP_UNAVAILABLE,
                    "spc-target bootstrap needs the vendor spc binary; set keyturn.crypto.spc.path", null);
        }
        advance(device, null, templates);
        return device;
    }

    /** The device left the fleet: every file withdrawn, every key destroyed (crypto-shred). */
    public void decommissioned(DeviceDecommissioned e) {
        Optional<Device> found = store.lock(e.mac());
        if (found.isEmpty() || found.get().version() >= e.version()) {
            return;
        }
        Device d = found.get();
        for (Withdrawal w : d.chain().decommission(now())) {
            events.emit(new ProfileWithdrawn(w.path(), w.bootstrap() ? ProfileKind.BOOTSTRAP : ProfileKind.CHAIN,
                    d.mac(), w.generation(), WithdrawalReason.DEVICE_DECOMMISSIONED));
        }
        store.save(new Device(d.mac(), e.version(), d.model(), d.psn(), d.serial(), d.group(), d.bootstrapMode(),
                null, Map.of(), Map.of(), d.templates(), d.chain()));
    }

    /** One rotation request of a batch: the id of its {@code rotation.requested} event and the request. */
    public record Request(UUID id, RotationRequested request) {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * A rotation was requested (event id {@code requestId}): issue t+1, publish its file, re-point the chain, or
     * answer with {@code rotation.failed}. A request whose {@code fromGeneration} is already superseded issues
     * nothing and is answered with {@code rotation.failed} {@code superseded}: the newer generation stands for it.
     */
    public void rotationRequested(UUID requestId, RotationRequested r) {
        Optional<Device> found = store.lock(r.mac());
        if (rotate(requestId, r, found.orElse(null), new HashMap<>())) {
            store.save(found.get());
        }
    }

    /**
     * {@link #rotationRequested} for each of {@code requests}, in their order, in the caller's one transaction: the
     * devices are locked and loaded with one read for all of them, the templates read once, and each device changed
     * is saved once at the end. A request sees its device as the requests before it left it, exactly as if each had
     * its own transaction; a campaign's requests come by the hundred, and a transaction per request cost more than
     * the rotation itself.
     */
    public void rotationsRequested(List<Request> requests) {
        Set<String> macs = new HashSet<>();
        requests.forEach(q -> macs.add(q.request().mac()));
        Map<String, Device> devices = store.lockAll(macs);
        Map<TemplateRef, FlatProfile> templates = new HashMap<>();
        Map<String, Device> changed = new LinkedHashMap<>();
        for (Request q : requests) {
            Device d = devices.get(q.request().mac());
            if (rotate(q.id(), q.request(), d, templates)) {
                changed.put(d.mac(), d);
            }
        }
        store.saveAll(changed.values());
    }

    /** Applies one request to its device (null if unknown); whether the device changed and must be saved. */
    private boolean rotate(UUID requestId, RotationRequested r, Device d, Map<TemplateRef, FlatProfile> templates) {
        if (d == null) {
            events.emit(new RotationFailed(r.mac(), null, r.campaignId(), null, RotationFailureReason.DEVICE_UNKNOWN,
                    "crypto-service has no registration for this device", requestId, now()));
            return false;
        }
        RotationChain chain = d.chain();
        if (chain.decommissioned()) {
            events.emit(new RotationFailed(r.mac(), null, r.campaignId(), null,
                    RotationFailureReason.DEVICE_DECOMMISSIONED, "the device is decommissioned", requestId, now()));
            return false;
        }
        boolean replay = chain.generations().stream().anyMatch(g -> requestId.equals(g.requestId()));
        if (!replay && r.fromGeneration() != null && r.fromGeneration() < chain.newest()) {
            // Answered, not dropped: the requester learns that the newer generation stands for this request.
            events.emit(new RotationFailed(r.mac(), null, r.campaignId(), null, RotationFailureReason.SUPERSEDED,
                    "generation " + chain.newest() + " was issued after generation " + r.fromGeneration()
                            + ", the request's basis; it answers this request", requestId, now()));
            return false;
        }
        long before = chain.newest();
        Generation g;
        try {
            g = chain.issue(keys.get(), directories.get(), d.psn(), requestId, r.campaignId(), policy, now());
        } catch (ChainException e) {
            events.emit(new RotationFailed(r.mac(), null, r.campaignId(), null,
                    RotationFailureReason.UNCONFIRMED_BACKLOG, e.getMessage(), requestId, now()));
            return false;
        }
        if (g.number() > before) {
            events.emit(new RotationIssued(r.mac(), g.number(), r.campaignId(), g.fingerprint(), requestId, now()));
        }
        advance(d, requestId, templates);
        return true;
    }

    /** A completed fetch of chain generation g > c confirms g and retires everything older. */
    /**
     * Whether a fetch can confirm anything: a completed fetch of a chain file newer than the device's confirmed
     * generation. Almost every fetch is a unit's resync of its confirmed file, and this tells so with one indexed read,
     * without loading (and unwrapping the keys of) the device or locking it. A no is final: the confirmed generation
     * only rises, and {@link #fetched} would change nothing.
     */
    public boolean mayConfirm(DeliveryFetched f) {
        if (!chainFetch(f)) {
            return false;
        }
        OptionalLong confirmed = store.confirmedGeneration(f.mac());
        return confirmed.isPresent() && f.generation() > confirmed.getAsLong();
    }

    /** {@link #mayConfirm} for a batch of fetches, with one read for all of their devices. */
    public Predicate<DeliveryFetched> confirming(List<DeliveryFetched> fetches) {
        Set<String> macs = new HashSet<>();
        fetches.stream().filter(ChainWorkflow::chainFetch).forEach(f -> macs.add(f.mac()));
        Map<String, Long> confirmed = macs.isEmpty() ? Map.of() : store.confirmedGenerations(macs);
        return f -> chainFetch(f) && confirmed.containsKey(f.mac()) && f.generation() > confirmed.get(f.mac());
    }

    private static boolean chainFetch(DeliveryFetched f) {
        return f.kind() == ProfileKind.CHAIN && f.result() == FetchResult.COMPLETED && f.generation() != null
                && f.mac() != null;
    }

    public void fetched(DeliveryFetched f) {
        if (f.kind() != ProfileKind.CHAIN || f.result() != FetchResult.COMPLETED || f.generation() == null) {
            return;
        }
        Optional<Device> found = store.lock(f.mac());
        if (found.isEmpty()) {
            return;
        }
        Device d = found.get();
        Confirmation c = d.chain().confirm(f.generation(), policy, now());
        if (!c.changed()) {
            return;
        }
        Generation confirmed = d.chain().generation(c.generation()).orElseThrow();
        events.emit(new RotationConfirmed(d.mac(), c.generation(), confirmed.campaignId(), confirmed.fingerprint(),
                f.fetchedAt()));
        for (Generation old : c.retired()) {
            events.emit(new ProfileWithdrawn(old.path(), ProfileKind.CHAIN, d.mac(), old.number(),
                    WithdrawalReason.GENERATION_RETIRED));
            events.emit(new RotationRetired(d.mac(), old.number(), confirmed.campaignId(), old.fingerprint(),
                    c.generation(), now()));
        }
        if (c.bootstrapWithdrawn() > 0) {
            events.emit(new ProfileWithdrawn(ChainPaths.stagingBootstrap(d.mac()), ProfileKind.BOOTSTRAP, d.mac(),
                    c.bootstrapWithdrawn(), WithdrawalReason.BOOTSTRAP_DISARMED));
        }
        advance(d, null);
        store.save(d);
    }

    /** A template version arrived: every device rendered from it gets its files again. */
    public int templatePublished(TemplatePublished t) {
        if (!store.saveTemplate(t.id(), t.version(), t.xml())) {
            return 0;
        }
        List<String> macs = store.devicesUsing(t.id());
        macs.forEach(this::rerender);
        return macs.size();
    }

    /** An operator asked for a device's files to be rendered again. */
    public void rerender(String mac) {
        Device d = requireLive(mac);
        d.chain().rerender();
        advance(d, null);
        store.save(d);
    }

    /** Re-renders every live device in {@code group} and below; returns how many. */
    public int rerenderGroup(String group) {
        List<String> macs = store.devicesInGroup(group);
        macs.forEach(this::rerender);
        return macs.size();
    }

    /** Arms the bootstrap again (re-provisioning a device reset by hand). */
    public void rearmBootstrap(String mac) {
        Device d = requireLive(mac);
        d.chain().rearmBootstrap();
        advance(d, null);
        store.save(d);
    }

    /** Overwrites keys whose grace period ended; returns how many. */
    public int destroyDueKeys() {
        int n = 0;
        for (String mac : store.devicesWithKeysDue(now())) {
            Optional<Device> d = store.lock(mac);
            if (d.isPresent()) {
                n += d.get().chain().destroyDue(now()).size();
                store.save(d.get());
            }
        }
        return n;
    }

    /**
     * The mTLS bootstrap body for {@code mac}: plain XML handing out the head's key and directory, served by
     * delivery only to the client certificate with that MAC. Rendered per request, never stored.
     */
    public SealedFile mtlsBootstrap(String mac) {
        Device d = store.find(mac).orElseThrow(() -> new DeviceProblem(DeviceProblem.Reason.DEVICE_NOT_FOUND,
                "no device " + mac));
        if (d.chain().decommissioned()) {
            throw new DeviceProblem(DeviceProblem.Reason.DEVICE_NOT_FOUND, "no device " + mac);
        }
        if (d.bootstrapMode() != BootstrapMode.MTLS) {
            throw new DeviceProblem(DeviceProblem.Reason.BOOTSTRAP_MODE_MISMATCH, "device " + mac + " bootstraps by "
                    + d.bootstrapMode().code() + ", not mtls");
        }
        // Never disarmed (DESIGN.md §1: only staging-key bootstraps are served once): delivery serves this body only
        // to the certificate with this MAC, and it is the recovery rung of every mTLS unit's chain rule, which a
        // factory-reset or failing unit must still reach.
        long head = d.chain().head();
        if (head == 0) {
            throw new DeviceProblem(DeviceProblem.Reason.BOOTSTRAP_NOT_READY, "device " + mac
                    + " has no published generation yet");
        }
        Generation target = d.chain().generation(head).orElseThrow();
        return sealer.plain(renderer.chain(spec(d), target), mac, d.psn());
    }

    /** Publishes the stage-0 file for {@code psn} unless the same file is already out. */
    public void publishStage0(String psn) {
        SealedFile file = sealer.plain(renderer.stage0(psn, stage0Mode), null, psn);
        if (store.markStage0(psn, file.sha256())) {
            events.emit(new ProfilePublished(ChainPaths.stage0(psn), ProfileKind.STAGE0, null, null, null, null,
                    "application/xml", file.content().length, file.sha256(),
                    Base64.getEncoder().encodeToString(file.content())));
        }
    }

    private Device requireLive(String mac) {
        Device d = store.lock(mac).orElseThrow(() -> new DeviceProblem(DeviceProblem.Reason.DEVICE_NOT_FOUND,
                "no device " + mac));
        if (d.chain().decommissioned()) {
            throw new DeviceProblem(DeviceProblem.Reason.DEVICE_DECOMMISSIONED, "device " + mac
                    + " is decommissioned");
        }
        return d;
    }

    /**
     * Publishes every step the chain asks for, in its order. A step that cannot be rendered or verified stops the
     * advance with {@code rotation.failed}; the chain keeps leading devices where it did, and the step comes out
     * again on the next trigger (a template arriving, a re-render, the next rotation).
     */
    private void advance(Device d, UUID requestId) {
        advance(d, requestId, new HashMap<>());
    }

    /** {@link #advance(Device, UUID)} reading each template once per {@code templates} (a batch shares them). */
    private void advance(Device d, UUID requestId, Map<TemplateRef, FlatProfile> templates) {
        RotationChain chain = d.chain();
        // Every file of one advance that leads to the same generation has the same plaintext (a rotation's new
        // steady file and each re-pointed older file all carry t+1), so it is rendered, compressed and verified
        // once; each file is still encrypted under its own key and checked to decrypt to the verified bytes.
        Map<Long, RenderedProfile> rendered = new HashMap<>();
        Map<Long, VerifiedPlaintext> verified = new HashMap<>();
        for (int i = 0; i < MAX_STEPS; i++) {
            Optional<ChainStep> next = chain.nextStep();
            if (next.isEmpty()) {
                return;
            }
            ChainStep step = next.get();
            try {
                publish(d, step, rendered, verified, templates);
            } catch (TemplateMissingException e) {
                failed(d, stepGeneration(step), requestId, RotationFailureReason.TEMPLATE_MISSING, e.getMessage(), step);
                return;
            } catch (VerificationException e) {
                failed(d, stepGeneration(step), requestId, RotationFailureReason.VERIFICATION_FAILED, e.getMessage(),
                        step);
                return;
            } catch (ProtocolException e) {
                failed(d, stepGeneration(step), requestId, RotationFailureReason.RENDER_FAILED,
                        "the profile cannot be rendered: " + e.reason(), step);
                return;
            } catch (SecretUnavailableException e) {
                failed(d, stepGeneration(step), requestId, RotationFailureReason.RENDER_FAILED, e.getMessage(), step);
                return;
            } catch (SpcException e) {
                // The bootstrap is the last step: every chain file is already out and the rotation itself succeeded,
                // so the failure names neither request nor campaign (a campaign must not count it); the step comes
                // out again on the next trigger.
                Generation g = chain.generation(stepGeneration(step)).orElseThrow();
                events.emit(new RotationFailed(d.mac(), g.number(), null, g.fingerprint(),
                        RotationFailureReason.BOOTSTRAP_UNAVAILABLE, e.getMessage(), null, now()));
                return;
            }
            OptionalLong announced = chain.completed(step, now());
            if (announced.isPresent()) {
                Generation g = chain.generation(announced.getAsLong()).orElseThrow();
                events.emit(new RotationPublished(d.mac(), g.number(), g.campaignId(), g.fingerprint(), now()));
            }
        }
        throw new IllegalStateException("the chain of " + d.mac() + " did not settle in " + MAX_STEPS + " steps");
    }

    private void publish(Device d, ChainStep step, Map<Long, RenderedProfile> rendered,
            Map<Long, VerifiedPlaintext> verified, Map<TemplateRef, FlatProfile> templates) {
        if (step instanceof PublishChainFile p) {
            Generation held = d.chain().generation(p.generation()).orElseThrow();
            Generation target = d.chain().generation(p.target()).orElseThrow();
            SealedFile file = sealer.seal(verified(d, target, rendered, verified, templates), held.key());
            events.emit(published(held.path(), ProfileKind.CHAIN, d.mac(), p.generation(), p.target(),
                    held.fingerprint(), file));
        } else if (step instanceof PublishBootstrap b && d.bootstrapMode() == BootstrapMode.SPC_TARGET) {
            Generation target = d.chain().generation(b.target()).orElseThrow();
            String source = sealer.spcSource(render(d, target, rendered, templates), d.mac(), target.psn());
            SealedFile file = SealedFile.of(spc.compile(source, d.mac()));
            events.emit(new ProfilePublished(ChainPaths.stagingBootstrap(d.mac()), ProfileKind.BOOTSTRAP, d.mac(),
                    b.target(), b.target(), null, ProfilePublished.SPC_CONTENT_TYPE, file.content().length,
                    file.sha256(), Base64.getEncoder().encodeToString(file.content())));
        } else if (step instanceof PublishBootstrap b) {
            Generation target = d.chain().generation(b.target()).orElseThrow();
            SealedFile file = sealer.seal(verified(d, target, rendered, verified, templates), d.stagingKey());
            events.emit(published(ChainPaths.stagingBootstrap(d.mac()), ProfileKind.BOOTSTRAP, d.mac(), b.target(),
                    b.target(), KeyFingerprint.parse(d.stagingKey().fingerprint()), file));
        } else if (step instanceof WithdrawBootstrap w) {
            events.emit(new ProfileWithdrawn(ChainPaths.stagingBootstrap(d.mac()), ProfileKind.BOOTSTRAP, d.mac(),
                    w.target(), w.disarmed() ? WithdrawalReason.BOOTSTRAP_DISARMED : WithdrawalReason.OTHER));
        }
    }

    private RenderedProfile render(Device d, Generation target, Map<Long, RenderedProfile> rendered,
            Map<TemplateRef, FlatProfile> templates) {
        RenderedProfile r = rendered.get(target.number());
        if (r == null) {
            r = renderer.chain(spec(d, templates), target);
            rendered.put(target.number(), r);
        }
        return r;
    }

    private VerifiedPlaintext verified(Device d, Generation target, Map<Long, RenderedProfile> rendered,
            Map<Long, VerifiedPlaintext> verified, Map<TemplateRef, FlatProfile> templates) {
        VerifiedPlaintext v = verified.get(target.number());
        if (v == null) {
            v = sealer.verify(render(d, target, rendered, templates), renderer.settings().gzip(), d.mac(), target.psn());
            verified.put(target.number(), v);
        }
        return v;
    }

    private static ProfilePublished published(String path, ProfileKind kind, String mac, long generation, long target,
            KeyFingerprint fingerprint, SealedFile file) {
        return new ProfilePublished(path, kind, mac, generation, target, fingerprint, "application/octet-stream",
                file.content().length, file.sha256(), Base64.getEncoder().encodeToString(file.content()));
    }

    /** What the device's profile is rendered from, with its secret parameters opened. */
    private DeviceSpec spec(Device d) {
        return spec(d, new HashMap<>());
    }

    /** {@link #spec(Device)} with each template read once per {@code read}. */
    private DeviceSpec spec(Device d, Map<TemplateRef, FlatProfile> read) {
        List<FlatProfile> templates = new ArrayList<>();
        for (TemplateRef ref : d.templates()) {
            FlatProfile t = read.get(ref);
            if (t == null) {
                t = store.template(ref.id(), ref.version())
                        .orElseThrow(() -> new TemplateMissingException(ref.id(), ref.version()));
                read.put(ref, t);
            }
            templates.add(t);
        }
        Map<String, String> params = new HashMap<>(d.params());
        for (Map.Entry<String, SealedSecret> e : d.sealedParams().entrySet()) {
            byte[] value;
            try {
                value = secrets.open(e.getValue(), SecretSource.parameterContext(d.mac(), e.getKey()));
            } catch (RuntimeException ex) {
                throw new SecretUnavailableException("the sealed parameter " + e.getKey() + " does not open");
            }
            params.put(e.getKey(), new String(value, StandardCharsets.US_ASCII));
            Arrays.fill(value, (byte) 0);
        }
        return new DeviceSpec(d.mac(), d.model(), d.psn(), d.bootstrapMode(), templates, params);
    }

    private ProfileKey openStagingKey(String mac, SealedSecret sealed) {
        byte[] bytes = secrets.open(sealed, SecretSource.stagingKeyContext(mac));
        try {
            return ProfileKey.of(new String(bytes, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void failed(Device d, long generation, UUID requestId, RotationFailureReason reason, String detail,
            ChainStep step) {
        Generation g = generation > 0 ? d.chain().generation(generation).orElse(null) : null;
        events.emit(new RotationFailed(d.mac(), g == null ? null : g.number(), g == null ? null : g.campaignId(),
                g == null ? null : g.fingerprint(), reason, detail, requestId, now()));
    }

    private static long stepGeneration(ChainStep step) {
        if (step instanceof PublishChainFile p) {
            return p.target();
        }
        if (step instanceof PublishBootstrap b) {
            return b.target();
        }
        return 0;
    }

    private Instant now() {
        return clock.instant();
    }
}
