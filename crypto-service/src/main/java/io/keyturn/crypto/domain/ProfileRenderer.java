package io.keyturn.crypto.domain;

import io.keyturn.events.device.BootstrapMode;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.Parameter;
import io.keyturn.protocol.profile.UserAccess;
import io.keyturn.protocol.rule.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Renders a device's profile: model base, then its templates (model, then groups), then its own parameters, then
 * the managed parameters that make the chain (spa-protocol.md §2, SEC-PRV-2), which always win. In the XML the
 * template lines come first and the device's own and managed lines last, whatever the templates' order.
 */
public final class ProfileRenderer {

    /** What every keyturn profile keeps switched on, so the device keeps resyncing; templates may override. */
    private static final FlatProfile MODEL_BASE = FlatProfile.builder()
            .set("Provision_Enable", "Yes")
            .set("Resync_On_Reset", "Yes")
            .set("Resync_Fails_On_FNF", "Yes")
            .build();

    private final RenderSettings settings;

    public ProfileRenderer(RenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public RenderSettings settings() {
        return settings;
    }

    /**
     * The profile that hands the device {@code target}'s key and directory and the chain rule leading there. For an
     * mTLS device the rule carries the recovery alternative of DESIGN.md §1: on a retry after failure, a unit with
     * a client certificate goes back to its mTLS bootstrap.
     */
    public RenderedProfile chain(DeviceSpec device, Generation target) {
        if (target.key() == null) {
            throw new IllegalArgumentException("generation " + target.number() + " has no key left to hand out");
        }
        FlatProfile profile = MODEL_BASE;
        for (FlatProfile template : device.templates()) {
            profile = profile.apply(template);
        }
        FlatProfile.Builder own = FlatProfile.builder();
        // By name, so that equal devices render equal bytes in every process.
        new TreeMap<>(device.params()).forEach(own::set);
        FlatProfile ownProfile = own.build();
        profile = profile.apply(ownProfile);
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("Profile_Rule", chainRule(device));
        managed.put(settings.keyParameter(), target.key().reveal());
        managed.put(settings.directoryParameter(), target.directory());
        managed.put("Resync_Periodic", settings.resyncPeriodic());
        managed.put("Resync_Error_Retry_Delay", settings.resyncErrorRetryDelay());
        FlatProfile.Builder m = FlatProfile.builder();
        managed.forEach(m::set);
        // The key and directory are hidden from the device's web UI, so a user cannot read them off the phone.
        m.access(settings.keyParameter(), UserAccess.HIDDEN);
        m.access(settings.directoryParameter(), UserAccess.HIDDEN);
        m.access("Profile_Rule", UserAccess.HIDDEN);
        profile = profile.apply(m.build());
        List<Parameter> deviceLines = deviceLines(profile, ownProfile, managed.keySet());
        FlatProfile.Builder ordered = profile.toBuilder();
        deviceLines.forEach(p -> ordered.remove(p.name()));
        deviceLines.forEach(ordered::put);
        // Each device line names a distinct parameter of the profile, so the rest is what precedes them.
        return new RenderedProfile(ordered.build(), managed, ChainPaths.chain(target.directory(), target.psn()),
                target.key(), profile.size() - deviceLines.size());
    }

    /**
     * The device's own and the managed parameters, each as merged, in the order they go at the profile's end. A
     * device applies every parameter whatever its place, so moving them changes nothing for it; but the gzip segments
     * (ProfileCipher with a GzipSegmentCache) then hold the templates' lines alone up to the device's part, and
     * are shared by every device of those templates and every rotation: only the end is compressed per device,
     * and only the templates' part is ever cached (RenderedProfile#sharedParameters).
     */
    private static List<Parameter> deviceLines(FlatProfile merged, FlatProfile own, Collection<String> managed) {
        List<Parameter> last = new ArrayList<>(own.size() + managed.size());
        for (Parameter p : own.parameters()) {
            if (!managed.contains(p.name())) {
                last.add(merged.parameter(p.name()).orElseThrow());
            }
        }
        for (String name : managed) {
            last.add(merged.parameter(name).orElseThrow());
        }
        return last;
    }

    /** The chain rule text for {@code device}, with the recovery alternative for mTLS devices. */
    public String chainRule(DeviceSpec device) {
        String steady = "[--key $" + settings.keyLetter() + "] " + settings.chainScheme() + "://"
                + settings.hostFor(settings.chainScheme()) + "/profile/$" + settings.directoryLetter() + "/spa" + device.psn() + ".cfg";
        String rule = device.bootstrapMode() == BootstrapMode.MTLS
                ? "( \"$CCERT\" eq \"Installed\" and $PRVST eq 2 )? https://" + settings.httpsHost()
                        + "/bootstrap/$MA.xml | " + steady
                : steady;
        Rule.parse(rule);
        return rule;
    }

    /**
     * The stage-0 file of a model: no secret, only a rule to the device's own bootstrap. For staging-key fleets the
     * device opens it with the staging key it holds in GPP_SA; for mTLS fleets it fetches over client-authenticated
     * HTTPS; for spc-target fleets it fetches its targeted .cfg, which needs no key.
     */
    public RenderedProfile stage0(String psn, BootstrapMode fleetMode) {
        String rule = switch (fleetMode) {
            case MTLS -> "https://" + settings.httpsHost() + "/bootstrap/$MA.xml";
            // A targeted .cfg decodes with the key the unit derives from its own MAC: no --key.
            case SPC_TARGET -> "http://" + settings.host() + "/bootstrap/spa$MA.cfg";
            default -> "[--key $SA] http://" + settings.host() + "/bootstrap/spa$MA.cfg";
        };
        Rule.parse(rule);
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("Profile_Rule", rule);
        managed.put("Resync_Periodic", settings.resyncPeriodic());
        managed.put("Resync_Error_Retry_Delay", settings.resyncErrorRetryDelay());
        FlatProfile.Builder m = MODEL_BASE.toBuilder();
        managed.forEach(m::set);
        FlatProfile stage0 = m.build();
        // A model's stage-0 file holds no secret and is the same for every unit of the model.
        return new RenderedProfile(stage0, managed, null, null, stage0.size());
    }
}
