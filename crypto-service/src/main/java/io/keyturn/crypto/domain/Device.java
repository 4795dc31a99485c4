package io.keyturn.crypto.domain;

import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.protocol.crypto.ProfileKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What crypto-service knows of a device from keyturn.devices (the highest {@code version} seen), its staging key
 * (unsealed on arrival, wrapped under the KEK at rest) and its chain. Secret parameters stay sealed until a
 * render. {@link #toString()} names no value.
 */
public record Device(String mac, long version, String model, String psn, String serial, String group,
        BootstrapMode bootstrapMode, ProfileKey stagingKey, Map<String, String> params,
        Map<String, SealedSecret> sealedParams, List<TemplateRef> templates, RotationChain chain) {

    public Device {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(psn, "psn");
        Objects.requireNonNull(bootstrapMode, "bootstrapMode");
        params = Map.copyOf(params);
        sealedParams = Map.copyOf(sealedParams);
        templates = List.copyOf(templates);
        Objects.requireNonNull(chain, "chain");
    }

    /** Whether delivery serves this device a staging-key bootstrap file. */
    public boolean hasStagingBootstrap() {
        return bootstrapMode == BootstrapMode.STAGING_KEY && stagingKey != null;
    }

    @Override
    public String toString() {
        return "Device[" + mac + " v" + version + ", " + model + ", " + bootstrapMode.code() + ", " + chain + "]";
    }
}
