package io.keyturn.registry.domain;

import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.registry.domain.RegistryException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns an operator's description of a device into the device the registry stores: checks every field, seals the
 * staging key and the secret parameters at once, and picks the bootstrap mode. Also applies patches, raising the
 * version and naming the fields that changed.
 */
public final class DeviceRegistrar {

    /** A device after a patch, and the JSON names of the event fields that changed (empty: nothing did). */
    public record Change(Device device, List<String> changedFields) {
    }

    private final SecretSealing sealing;
    private final Clock clock;

    public DeviceRegistrar(SecretSealing sealing, Clock clock) {
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new device at version 1, state registered.
     *
     * @throws RegistryException naming the first field that breaks its rule
     */
    public Device register(DeviceInput in) {
        String mac = MacAddress.normalise(in.mac());
        DeviceModel model = DeviceModel.require(in.model());
        String serial = FieldRules.serial(in.serial());
        GroupPath group = GroupPath.ofNullable(in.group());
        String tenant = FieldRules.tenant(in.tenant());
        Map<String, String> plain = new TreeMap<>();
        Map<String, SealedSecret> sealed = new TreeMap<>();
        if (in.params().size() > FieldRules.MAX_PARAMS) {
            throw new RegistryException(Reason.INVALID_FIELD, "a device holds at most " + FieldRules.MAX_PARAMS
                    + " parameters");
        }
        // Checked in full before anything is sealed: a refused device costs no sealing.
        in.params().forEach((name, value) -> FieldRules.paramValue(FieldRules.paramName(name), value));
        String stagingKey = in.stagingKey() == null ? null : FieldRules.stagingKey(in.stagingKey());
        BootstrapMode mode = bootstrapMode(in.bootstrapMode(), stagingKey != null);
        in.params().forEach((name, value) -> putParam(mac, name, value, plain, sealed));
        SealedSecret sealedKey = stagingKey == null ? null : seal(stagingKey, SecretSealing.stagingKeyContext(mac));
        Instant now = clock.instant();
        return new Device(mac, model, serial, group, tenant, mode, sealedKey, plain, sealed, DeviceState.REGISTERED, 1,
                now, now, RotationView.NONE);
    }

    /**
     * {@code current} with {@code patch} applied. A patch that changes nothing gives the same device and version.
     *
     * @throws RegistryException {@code DEVICE_DECOMMISSIONED} for a decommissioned device, or naming the first field
     *     that breaks its rule
     */
    public Change update(Device current, DevicePatch patch) {
        if (current.state() == DeviceState.DECOMMISSIONED) {
            throw new RegistryException(Reason.DEVICE_DECOMMISSIONED, "device " + current.mac()
                    + " is decommissioned and cannot change");
        }
        Map<String, Optional<String>> f = patch.fields();
        List<String> changed = new ArrayList<>();
        DeviceModel model = current.model();
        if (f.containsKey("model")) {
            model = DeviceModel.require(f.get("model").orElse(null));
            if (!model.equals(current.model())) {
                changed.addAll(List.of("model", "psn"));
            }
        }
        String serial = f.containsKey("serial") ? FieldRules.serial(f.get("serial").orElse(null)) : current.serial();
        mark(changed, "serial", current.serial(), serial);
        GroupPath group = f.containsKey("group") ? GroupPath.ofNullable(f.get("group").orElse(null)) : current.group();
        mark(changed, "group", current.group(), group);
        String tenant = f.containsKey("tenant") ? FieldRules.tenant(f.get("tenant").orElse(null)) : current.tenant();
        mark(changed, "tenant", current.tenant(), tenant);

        patch.params().forEach((name, value) -> {
            FieldRules.paramName(name);
            value.ifPresent(v -> FieldRules.paramValue(name, v));
        });
        String stagingKey = f.containsKey("stagingKey") ? f.get("stagingKey").map(FieldRules::stagingKey).orElse(null)
                : null;
        SealedSecret sealedKey = current.sealedStagingKey();
        if (f.containsKey("stagingKey")) {
            // A new key is always a change: the sealed form is fresh each time and the old one cannot be compared.
            sealedKey = stagingKey == null ? null : seal(stagingKey, SecretSealing.stagingKeyContext(current.mac()));
            if (stagingKey != null || current.sealedStagingKey() != null) {
                changed.add("sealedStagingKey");
            }
        }
        BootstrapMode mode = current.bootstrapMode();
        if (f.containsKey("bootstrapMode")) {
            mode = bootstrapMode(f.get("bootstrapMode").orElse(null), sealedKey != null);
        } else if (stagingKey != null && mode == BootstrapMode.MTLS) {
            throw new RegistryException(Reason.INVALID_FIELD,
                    "a staging key is for bootstrapMode staging-key; this device uses mtls (set bootstrapMode too)");
        }
        mark(changed, "bootstrapMode", current.bootstrapMode(), mode);

        Map<String, String> plain = new TreeMap<>(current.params());
        Map<String, SealedSecret> sealed = new TreeMap<>(current.sealedParams());
        boolean plainChanged = false;
        boolean sealedChanged = false;
        for (Map.Entry<String, Optional<String>> e : patch.params().entrySet()) {
            String name = e.getKey();
            boolean secret = FieldRules.isSecret(name);
            if (e.getValue().isEmpty()) {
                if (secret ? sealed.remove(name) != null : plain.remove(name) != null) {
                    plainChanged |= !secret;
                    sealedChanged |= secret;
                }
            } else if (secret) {
                putParam(current.mac(), name, e.getValue().get(), plain, sealed);
                sealedChanged = true;
            } else if (!e.getValue().get().equals(plain.get(name))) {
                plain.put(name, e.getValue().get());
                plainChanged = true;
            }
        }
        if (plain.size() + sealed.size() > FieldRules.MAX_PARAMS) {
            throw new RegistryException(Reason.INVALID_FIELD, "a device holds at most " + FieldRules.MAX_PARAMS
                    + " parameters");
        }
        if (plainChanged) {
            changed.add("params");
        }
        if (sealedChanged) {
            changed.add("sealedParams");
        }

        DeviceState state = current.state();
        if (f.containsKey("state")) {
            DeviceState wanted = DeviceState.of(f.get("state").orElse(null));
            state = current.state().operatorChange(wanted, current.rotation().confirmedGeneration() != null);
            mark(changed, "state", current.state(), state);
        }
        if (changed.isEmpty()) {
            return new Change(current, List.of());
        }
        Device next = new Device(current.mac(), model, serial, group, tenant, mode, sealedKey, plain, sealed, state,
                current.version() + 1, current.createdAt(), clock.instant(), current.rotation());
        return new Change(next, List.copyOf(changed));
    }

    /**
     * The bootstrap mode named, or the default: {@code staging-key} with a staging key, {@code mtls} without.
     *
     * @throws RegistryException {@code INVALID_FIELD} for an unknown mode, or mtls with a staging key
     */
    static BootstrapMode bootstrapMode(String code, boolean hasStagingKey) {
        if (code == null || code.isBlank()) {
            return hasStagingKey ? BootstrapMode.STAGING_KEY : BootstrapMode.MTLS;
        }
        BootstrapMode mode = Arrays.stream(BootstrapMode.values()).filter(m -> m.code().equals(code)).findFirst()
                .orElseThrow(() -> new RegistryException(Reason.INVALID_FIELD, "bootstrapMode " + FieldRules.quote(code)
                        + " is not one of mtls, staging-key, spc-target"));
        if (mode == BootstrapMode.MTLS && hasStagingKey) {
            throw new RegistryException(Reason.INVALID_FIELD,
                    "bootstrapMode mtls takes no staging key; leave stagingKey out or use staging-key");
        }
        return mode;
    }

    private void putParam(String mac, String name, String value, Map<String, String> plain,
                          Map<String, SealedSecret> sealed) {
        if (FieldRules.isSecret(name)) {
            sealed.put(name, seal(value, SecretSealing.paramContext(mac, name)));
        } else {
            plain.put(name, value);
        }
    }

    private SealedSecret seal(String secret, String context) {
        byte[] bytes = secret.getBytes(StandardCharsets.US_ASCII);
        try {
            return sealing.seal(bytes, context);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void mark(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
