package io.keyturn.simulator;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.rule.Condition;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.Macro;
import io.keyturn.protocol.rule.MacroTemplate;
import io.keyturn.protocol.rule.MacroValues;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import io.keyturn.simulator.time.Scheduler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;

/**
 * One simulated SPA unit: its identity, its parameter store, and the resync engine of its firmware
 * (spa-protocol.md §1.5, §5). On every resync it evaluates Profile_Rule, then _B, _C and _D with
 * {@code $PRVST} set; a winning alternative's assignments apply, its URL is fetched over the
 * {@link ProfileTransport}, decrypted with {@code --key} if given, parsed as a flat profile and applied.
 * The first failure abandons the sequence and the whole sequence is retried after
 * Resync_Error_Retry_Delay; success waits Resync_Periodic. Timers live in a {@link Scheduler}, so the
 * same unit runs in virtual or real time. Where the firmware documents are silent, the choices are in
 * {@code DESIGN.md} beside this class.
 *
 * <p>Thread-safe: every operation and timer runs under the unit's lock. {@link #status()} reads a
 * snapshot without it, so a runner can watch a unit that is blocked in a slow fetch.
 */
public final class SpaDevice {

    /** How often non-empty Resync_Trigger_1/2 conditions are checked; the guides do not say. */
    public static final Duration TRIGGER_CHECK_INTERVAL = Duration.ofSeconds(60);
    /**
     * The shortest retry delay. Resync_Error_Retry_Delay 0 means "retry at once" on Linksys 3.01
     * firmware (§5.1); a real retry still costs a network round trip, and without a floor a virtual
     * clock would never move again.
     */
    public static final Duration MINIMUM_RETRY_DELAY = Duration.ofSeconds(1);
    /** The rule name a {@link #resyncNow(String)} failure is reported under. */
    public static final String EXPLICIT_RULE = "admin/resync";

    private static final ProfileCipher CIPHER = new ProfileCipher();
    private static final Macro[] PARAMETER_MACROS = Arrays.stream(Macro.values())
            .filter(m -> m.parameter().isPresent()).toArray(Macro[]::new);
    private static final int EXPLICIT_SLOT = FactoryDefaults.PROFILE_RULES.length;

    private final DeviceIdentity identity;
    private final FlatProfile factoryDefaults;
    private final ProfileTransport transport;
    private final Scheduler scheduler;
    private final SyslogSink syslog;
    private final RandomGenerator random;
    private final DeviceContext identityContext;

    // Everything below is guarded by this.
    private FlatProfile parameters;
    private boolean powered;
    private boolean online = true;
    private Scheduler.Handle resyncTimer;
    private ResyncReason resyncTimerReason;
    private long resyncToken;
    private Scheduler.Handle triggerTimer;
    private long triggerToken;
    private int retryStep;
    private int periodicStep;
    private int consecutiveFailures;
    private Instant lastAttemptAt;
    private ResyncResult lastResult;
    private String lastSuccessfulUrl;
    private Instant lastSuccessAt;
    private String lastKeyFingerprint;
    private String lastKey;
    private final ResyncCounts counts = new ResyncCounts();
    /** Parsed rules per slot (Profile_Rule.._D, explicit), reparsed only when the text changes. */
    private final String[] ruleTexts = new String[EXPLICIT_SLOT + 1];
    private final Rule[] rules = new Rule[EXPLICIT_SLOT + 1];
    private final String[] triggerTexts = new String[2];
    private final Condition[] triggers = new Condition[2];

    private volatile DeviceStatus status;

    private SpaDevice(Builder b) {
        this.identity = b.identity;
        this.factoryDefaults = FactoryDefaults.vendor().apply(b.customDefaults);
        this.transport = Objects.requireNonNull(b.transport, "transport");
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.syslog = b.syslog;
        this.random = b.random != null ? b.random : new SplittableRandom(Long.parseLong(identity.mac(), 16));
        DeviceContext.Builder context = DeviceContext.builder()
                .mac(identity.mac())
                .model(identity.model())
                .serial(identity.serial())
                .softwareVersion(identity.softwareVersion())
                .hardwareVersion(identity.hardwareVersion())
                .clientCertificate(identity.hasClientCertificate())
                .macro(Macro.ISCUST, b.customDefaults.isEmpty() ? "0" : "1");
        if (b.dhcpServer != null) {
            context.dhcpServer(b.dhcpServer);
        }
        if (b.ip != null) {
            context.ip(b.ip);
        }
        this.identityContext = context.build();
        this.parameters = factoryDefaults;
        publishStatus();
    }

    /** A builder for a unit with this identity, fresh from the factory and powered off. */
    public static Builder builder(DeviceIdentity identity) {
        return new Builder(identity);
    }

    /** What the unit is. */
    public DeviceIdentity identity() {
        return identity;
    }

    /** The MAC, 12 lowercase hex digits. */
    public String mac() {
        return identity.mac();
    }

    /** A snapshot of the unit's state and counters; never blocks. */
    public DeviceStatus status() {
        return status;
    }

    /** A parameter's current value; empty if the unit has never held it. A secret for GPP_A/GPP_SA.. */
    public synchronized Optional<String> parameter(String name) {
        return parameters.value(name);
    }

    /** Every parameter the unit holds, with current values. */
    public synchronized FlatProfile parameters() {
        return parameters;
    }

    /** Powers the unit on: it boots and, with Resync_On_Reset, resyncs after Resync_Random_Delay. */
    public synchronized void powerOn() {
        if (powered) {
            return;
        }
        powered = true;
        boot();
    }

    /** Cuts the power: every timer stops; the parameters survive (they are in flash). */
    public synchronized void powerOff() {
        powered = false;
        cancelResyncTimer();
        cancelTriggerTimer();
        publishStatus();
    }

    /** Restarts the unit, as a power cycle does; a unit that was off is switched on. */
    public synchronized void reboot() {
        powered = true;
        boot();
    }

    /**
     * Returns every parameter to the factory defaults (vendor defaults plus any customisation the unit
     * was built with) and restarts: the unit starts over at stage 0.
     */
    public synchronized void factoryReset() {
        parameters = factoryDefaults;
        lastSuccessfulUrl = null;
        lastSuccessAt = null;
        lastKeyFingerprint = null;
        lastKey = null;
        consecutiveFailures = 0;
        if (powered) {
            boot();
        } else {
            publishStatus();
        }
    }

    /** Takes the unit off the network: every fetch fails as unreachable until {@link #comeOnline()}. */
    public synchronized void goOffline() {
        online = false;
        publishStatus();
    }

    /** Puts the unit back on the network. Its timers are unchanged: the next one fetches again. */
    public synchronized void comeOnline() {
        online = true;
        publishStatus();
    }

    /**
     * Changes parameters the way the admin web page does (spa-protocol.md §7.2, recovery path c):
     * applied at once with flat-profile semantics, no resync.
     */
    public synchronized void configure(FlatProfile changes) {
        parameters = parameters.apply(changes);
        if (powered) {
            scheduleTriggerCheck();
        }
        publishStatus();
    }

    /**
     * An explicit resync ({@code /admin/resync}, SIP NOTIFY {@code Event: resync}) with
     * {@code $PRVST} = -1, run now on the caller's thread. Gated by Provision_Enable.
     *
     * @throws IllegalStateException when the unit is powered off
     */
    public synchronized ResyncResult resyncNow() {
        requirePowered();
        return runResync(ResyncReason.EXPLICIT, null);
    }

    /**
     * {@code /admin/resync?<rule>}: an explicit resync that evaluates {@code rule} (Profile_Rule
     * syntax, usually just a URL) in place of the configured rules, without storing it.
     *
     * @throws IllegalStateException when the unit is powered off
     */
    public synchronized ResyncResult resyncNow(String rule) {
        Objects.requireNonNull(rule, "rule");
        requirePowered();
        return runResync(ResyncReason.EXPLICIT, rule);
    }

    private void requirePowered() {
        if (!powered) {
            throw new IllegalStateException("unit " + identity.mac() + " is powered off");
        }
    }

    private void boot() {
        cancelResyncTimer();
        cancelTriggerTimer();
        retryStep = 0;
        periodicStep = 0;
        // $PRVTMR counts from boot until the first attempt: a trigger on it then means "since power-up".
        lastAttemptAt = scheduler.now();
        ResyncSettings settings = ResyncSettings.of(parameters);
        if (settings.provisionEnable()) {
            if (settings.resyncOnReset()) {
                long max = settings.maxRandomDelay().toSeconds();
                scheduleResync(Duration.ofSeconds(max == 0 ? 0 : random.nextLong(max + 1)), ResyncReason.POWER_UP);
            } else if (!settings.periodicDisabled()) {
                scheduleResync(settings.periodic().delay(periodicStep++, random), ResyncReason.PERIODIC);
            }
            scheduleTriggerCheck();
        }
        publishStatus();
    }

    private ResyncResult runResync(ResyncReason reason, String explicitRule) {
        Instant at = scheduler.now();
        if (!ResyncSettings.of(parameters).provisionEnable()) {
            cancelResyncTimer();
            cancelTriggerTimer();
            lastResult = new ResyncResult(at, reason, ResyncResult.Outcome.DISABLED, List.of(), Optional.empty());
            publishStatus();
            return lastResult;
        }
        cancelResyncTimer();
        String prvtmr = Long.toString(Duration.between(lastAttemptAt == null ? at : lastAttemptAt, at).toSeconds());
        lastAttemptAt = at;
        counts.countResync(reason);
        Attempt attempt = new Attempt(reason, prvtmr);
        if (explicitRule != null) {
            attempt.run(EXPLICIT_SLOT, EXPLICIT_RULE, explicitRule);
        } else {
            for (int slot = 0; slot < EXPLICIT_SLOT && attempt.failure == null; slot++) {
                String name = FactoryDefaults.PROFILE_RULES[slot];
                attempt.run(slot, name, parameters.value(name).orElse(""));
            }
        }
        // Read after the files applied: a profile may have changed the schedules themselves.
        ResyncSettings settings = ResyncSettings.of(parameters);
        if (attempt.failure != null) {
            consecutiveFailures++;
            periodicStep = 0;
            counts.countFailure(attempt.failure.kind());
            log(SyslogLine.Kind.FAILURE, attempt, attempt.failure.err());
            if (settings.provisionEnable()) {
                Duration delay = settings.retry().delay(retryStep++, random);
                scheduleResync(delay.compareTo(MINIMUM_RETRY_DELAY) < 0 ? MINIMUM_RETRY_DELAY : delay, ResyncReason.RETRY);
            }
        } else {
            consecutiveFailures = 0;
            retryStep = 0;
            counts.countSuccess();
            if (settings.provisionEnable() && !settings.periodicDisabled()) {
                scheduleResync(settings.periodic().delay(periodicStep++, random), ResyncReason.PERIODIC);
            }
        }
        scheduleTriggerCheck();
        lastResult = new ResyncResult(at, reason,
                attempt.failure == null ? ResyncResult.Outcome.SUCCEEDED : ResyncResult.Outcome.FAILED,
                attempt.fetched, Optional.ofNullable(attempt.failure));
        publishStatus();
        return lastResult;
    }

    /** One resync sequence in progress: the rules run so far, the URL being fetched, the failure. */
    private final class Attempt {
        final ResyncReason reason;
        final String prvtmr;
        final List<String> fetched = new ArrayList<>(2);
        FetchTarget target;
        ResyncFailure failure;

        Attempt(ResyncReason reason, String prvtmr) {
            this.reason = reason;
            this.prvtmr = prvtmr;
        }

        void run(int slot, String name, String text) {
            target = null;
            Rule rule;
            try {
                rule = rule(slot, text);
            } catch (ProtocolException e) {
                fail(ResyncFailure.Kind.BAD_RULE, name, e.reason().code());
                return;
            }
            if (rule.isEmpty()) {
                return;
            }
            Optional<Resolution> resolved;
            try {
                resolved = rule.evaluate(context(reason, prvtmr));
            } catch (ProtocolException e) {
                if (e.reason() == ProtocolException.Reason.NO_SERVER) {
                    fail(ResyncFailure.Kind.UNREACHABLE, name, "no server: the URL names none and DHCP option 66 gave none");
                } else {
                    fail(ResyncFailure.Kind.BAD_RULE, name, e.reason().code());
                }
                return;
            }
            if (resolved.isEmpty()) {
                return;
            }
            Resolution resolution = resolved.get();
            if (!resolution.assignments().isEmpty()) {
                FlatProfile.Builder assigned = FlatProfile.builder();
                resolution.assignments().forEach(assigned::set);
                parameters = parameters.apply(assigned.build());
            }
            if (resolution.target().isEmpty()) {
                return;
            }
            target = resolution.target().get();
            fetch(name, resolution.options());
        }

        private void fetch(String name, FetchOptions options) {
            log(SyslogLine.Kind.REQUEST, this, "");
            counts.countFetch(target.scheme());
            FetchResult result = online ? transport.fetch(target, options, identity)
                    : FetchResult.unreachable("network down");
            switch (result.status()) {
                case UNREACHABLE -> fail(ResyncFailure.Kind.UNREACHABLE, name, result.detail());
                case FAILED -> fail(ResyncFailure.Kind.SERVER_ERROR, name, result.detail());
                case NOT_FOUND -> {
                    if (ResyncSettings.of(parameters).failsOnFileNotFound()) {
                        fail(ResyncFailure.Kind.FILE_NOT_FOUND, name, result.detail());
                    } else {
                        // Resync_Fails_On_FNF=No: a success that changes nothing (spa-protocol.md §7.2).
                        counts.countFileNotFoundAccepted();
                        log(SyslogLine.Kind.SUCCESS, this, ResyncFailure.Kind.FILE_NOT_FOUND.text());
                    }
                }
                case FOUND -> {
                    FlatProfile profile;
                    try {
                        profile = decode(result.bodyUnsafe(), options);
                    } catch (ProtocolException e) {
                        // Decrypts to nothing, or not a profile: the unit keeps everything it had (§1.5).
                        fail(ResyncFailure.Kind.CORRUPT, name, e.reason().code());
                        return;
                    }
                    parameters = parameters.apply(profile);
                    options.key().ifPresent(this::rememberKey);
                    lastSuccessfulUrl = target.url();
                    lastSuccessAt = scheduler.now();
                    fetched.add(lastSuccessfulUrl);
                    log(SyslogLine.Kind.SUCCESS, this, "");
                }
            }
        }

        private void rememberKey(String key) {
            if (!key.equals(lastKey)) {
                lastKey = key;
                lastKeyFingerprint = ProfileKey.of(key).fingerprint();
            }
        }

        private void fail(ResyncFailure.Kind kind, String rule, String detail) {
            failure = new ResyncFailure(kind, rule, Optional.ofNullable(target).map(FetchTarget::url), detail);
        }
    }

    private Rule rule(int slot, String text) {
        if (!text.equals(ruleTexts[slot])) {
            rules[slot] = null;
            ruleTexts[slot] = text;
            rules[slot] = Rule.parse(text);
        } else if (rules[slot] == null) {
            // The same text failed to parse last time; parse again to report the same error.
            rules[slot] = Rule.parse(text);
        }
        return rules[slot];
    }

    private static FlatProfile decode(byte[] body, FetchOptions options) {
        byte[] xml = options.key().isPresent() ? CIPHER.open(body, options.key().get()) : plain(body);
        return FlatProfileXml.parse(xml);
    }

    /** A file fetched without {@code --key}: plain XML, or gzip recognised by its header (§2.1). */
    private static byte[] plain(byte[] body) {
        if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            return body;
        }
        int limit = ProfileCipher.DEFAULT_MAX_PROFILE_BYTES;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new ProtocolException(ProtocolException.Reason.PROFILE_TOO_LARGE,
                            "the gzip stream inflates beyond " + limit + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ProtocolException(ProtocolException.Reason.CORRUPT_PROFILE, "damaged gzip stream");
        }
    }

    private DeviceContext context(ResyncReason reason, String prvtmr) {
        DeviceContext.Builder b = identityContext.toBuilder().provisioningState(reason.prvst());
        if (prvtmr != null) {
            b.macro(Macro.PRVTMR, prvtmr);
        }
        for (Macro m : PARAMETER_MACROS) {
            Optional<String> v = parameters.value(m.parameter().orElseThrow());
            if (v.isPresent()) {
                b.macro(m, v.get());
            }
        }
        return b.build();
    }

    private void log(SyslogLine.Kind kind, Attempt attempt, String err) {
        if (syslog == SyslogSink.DISCARD) {
            return;
        }
        String template = parameters.value(switch (kind) {
            case REQUEST -> FactoryDefaults.LOG_RESYNC_REQUEST_MSG;
            case SUCCESS -> FactoryDefaults.LOG_RESYNC_SUCCESS_MSG;
            case FAILURE -> FactoryDefaults.LOG_RESYNC_FAILURE_MSG;
        }).orElse("");
        DeviceContext device = context(attempt.reason, attempt.prvtmr);
        FetchTarget t = attempt.target;
        String serverIp = t == null ? "" : transport.addressOf(t.host());
        MacroValues values = macro -> switch (macro) {
            case SCHEME, METH -> t == null ? "" : t.scheme().scheme();
            case SERV -> t == null ? "" : t.host();
            case SERVIP -> serverIp;
            case PORT -> t == null ? "" : Integer.toString(t.port());
            case PATH -> t == null ? "" : t.path();
            case ERR -> err;
            default -> device.value(macro);
        };
        // MacroTemplate.expand uses ordinary scope: GPP_SA..SD never reach syslog (§3).
        syslog.accept(new SyslogLine(scheduler.now(), identity.mac(), kind, MacroTemplate.expand(template, values)));
    }

    private void scheduleResync(Duration delay, ResyncReason reason) {
        cancelResyncTimer();
        long token = ++resyncToken;
        resyncTimerReason = reason;
        resyncTimer = scheduler.schedule(scheduler.now().plus(delay), () -> onResyncTimer(token, reason));
    }

    private synchronized void onResyncTimer(long token, ResyncReason reason) {
        // A timer cancelled while it was waiting for the lock (real time) finds a newer token.
        if (!powered || token != resyncToken) {
            return;
        }
        resyncTimer = null;
        resyncTimerReason = null;
        runResync(reason, null);
    }

    private void cancelResyncTimer() {
        resyncToken++;
        if (resyncTimer != null) {
            resyncTimer.cancel();
            resyncTimer = null;
            resyncTimerReason = null;
        }
    }

    private void scheduleTriggerCheck() {
        cancelTriggerTimer();
        if (!powered || !ResyncSettings.of(parameters).provisionEnable()) {
            return;
        }
        if (activeTrigger(parameters.value(FactoryDefaults.RESYNC_TRIGGER_1).orElse(""))
                || activeTrigger(parameters.value(FactoryDefaults.RESYNC_TRIGGER_2).orElse(""))) {
            long token = ++triggerToken;
            triggerTimer = scheduler.schedule(scheduler.now().plus(TRIGGER_CHECK_INTERVAL), () -> onTriggerCheck(token));
        }
    }

    private static boolean activeTrigger(String text) {
        String t = text.strip();
        return !t.isEmpty() && t.charAt(0) != '#';
    }

    private synchronized void onTriggerCheck(long token) {
        if (!powered || token != triggerToken) {
            return;
        }
        triggerTimer = null;
        Instant now = scheduler.now();
        String prvtmr = Long.toString(Duration.between(lastAttemptAt == null ? now : lastAttemptAt, now).toSeconds());
        DeviceContext device = context(ResyncReason.PERIODIC, prvtmr);
        if (triggered(0, FactoryDefaults.RESYNC_TRIGGER_1, device) || triggered(1, FactoryDefaults.RESYNC_TRIGGER_2, device)) {
            runResync(ResyncReason.PERIODIC, null);
        } else {
            scheduleTriggerCheck();
        }
    }

    private boolean triggered(int slot, String name, DeviceContext device) {
        String text = parameters.value(name).orElse("");
        if (!activeTrigger(text)) {
            return false;
        }
        if (!text.equals(triggerTexts[slot])) {
            triggerTexts[slot] = text;
            try {
                triggers[slot] = Condition.parse(text.strip());
            } catch (ProtocolException e) {
                // A condition the unit cannot read never fires.
                triggers[slot] = null;
            }
        }
        return triggers[slot] != null && triggers[slot].test(device);
    }

    private void cancelTriggerTimer() {
        triggerToken++;
        if (triggerTimer != null) {
            triggerTimer.cancel();
            triggerTimer = null;
        }
    }

    private void publishStatus() {
        status = new DeviceStatus(identity.mac(), powered, online,
                parameters.value("GPP_A").orElse(""), parameters.value("GPP_B").orElse(""),
                parameters.value(FactoryDefaults.PROFILE_RULES[0]).orElse(""),
                Optional.ofNullable(lastResult), consecutiveFailures, Optional.ofNullable(lastSuccessfulUrl),
                Optional.ofNullable(lastSuccessAt), Optional.ofNullable(lastKeyFingerprint),
                Optional.ofNullable(resyncTimer).map(Scheduler.Handle::at), Optional.ofNullable(resyncTimerReason),
                counts.copy());
    }

    /** The identity only. */
    @Override
    public String toString() {
        return "SpaDevice[" + identity + "]";
    }

    /** Builds a {@link SpaDevice}. A transport and a scheduler are required. */
    public static final class Builder {

        private final DeviceIdentity identity;
        private ProfileTransport transport;
        private Scheduler scheduler;
        private SyslogSink syslog = SyslogSink.DISCARD;
        private RandomGenerator random;
        private String dhcpServer;
        private String ip;
        private FlatProfile customDefaults = FlatProfile.empty();

        private Builder(DeviceIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** How the unit fetches files. */
        public Builder transport(ProfileTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Where the unit's timers live: virtual or real time. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where syslog lines go; none by default. */
        public Builder syslog(SyslogSink syslog) {
            this.syslog = Objects.requireNonNull(syslog, "syslog");
            return this;
        }

        /**
         * The source of the boot delay and schedule jitter. Defaults to one seeded from the MAC, so a
         * unit behaves the same on every run.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** {@link #random} seeded with {@code seed}. */
        public Builder seed(long seed) {
            return random(new SplittableRandom(seed));
        }

        /** The DHCP option 66 server, used by URLs that name none (such as the default {@code /spa$PSN.cfg}). */
        public Builder dhcpServer(String host) {
            this.dhcpServer = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The unit's LAN address, {@code $IP}. */
        public Builder ip(String ip) {
            this.ip = Objects.requireNonNull(ip, "ip");
            return this;
        }

        /**
         * Parameters the unit was customised with at manufacture (a pre-programmed first stage, a
         * staging key in GPP_SA): part of its factory defaults, so they survive a factory reset, and
         * {@code $ISCUST} is 1.
         */
        public Builder customDefaults(FlatProfile customDefaults) {
            this.customDefaults = Objects.requireNonNull(customDefaults, "customDefaults");
            return this;
        }

        /** The unit, powered off; call {@link SpaDevice#powerOn()}. */
        public SpaDevice build() {
            return new SpaDevice(this);
        }
    }
}
