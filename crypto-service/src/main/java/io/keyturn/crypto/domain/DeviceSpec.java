package io.keyturn.crypto.domain;

import io.keyturn.events.device.BootstrapMode;
import io.keyturn.protocol.profile.FlatProfile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a device's profile is rendered from, below the managed parameters: its identity, its templates (model first,
 * then groups from shortest to longest) and its own parameters, secret ones already unsealed. {@link #toString()}
 * names no value.
 */
public record DeviceSpec(String mac, String model, String psn, BootstrapMode bootstrapMode,
        List<FlatProfile> templates, Map<String, String> params) {

    public DeviceSpec {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(psn, "psn");
        Objects.requireNonNull(bootstrapMode, "bootstrapMode");
        templates = List.copyOf(templates);
        params = Map.copyOf(params);
    }

    @Override
    public String toString() {
        return "DeviceSpec[" + mac + ", " + model + ", " + bootstrapMode.code() + ", " + templates.size()
                + " templates, " + params.size() + " params]";
    }
}
