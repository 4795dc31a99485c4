package io.keyturn.registry.domain;

import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered device as the registry keeps it. Secrets are only ever held sealed: the staging key and the
 * parameters {@link FieldRules#isSecret} names.
 */
public record Device(
        String mac,
        DeviceModel model,
        String serial,
        GroupPath group,
        String tenant,
        BootstrapMode bootstrapMode,
        SealedSecret sealedStagingKey,
        Map<String, String> params,
        Map<String, SealedSecret> sealedParams,
        DeviceState state,
        long version,
        Instant createdAt,
        Instant updatedAt,
        RotationView rotation) {

    public Device {
        params = Map.copyOf(new TreeMap<>(params));
        sealedParams = Map.copyOf(new TreeMap<>(sealedParams));
        rotation = rotation == null ? RotationView.NONE : rotation;
    }

    public String groupPath() {
        return group == null ? null : group.value();
    }

    /** Parameter names only: values may be SIP credentials. */
    @Override
    public String toString() {
        return "Device[mac=" + mac + ", model=" + model.name() + ", serial=" + serial + ", group=" + group
                + ", tenant=" + tenant + ", bootstrapMode=" + bootstrapMode.code() + ", stagingKey="
                + (sealedStagingKey == null ? "none" : "sealed") + ", params=" + params.keySet() + ", sealedParams="
                + sealedParams.keySet() + ", state=" + state.code() + ", version=" + version + "]";
    }
}
