package io.keyturn.registry.domain;

import java.util.Map;

/**
 * A device as an operator describes it, before any check: from a JSON request or one line of an import. The
 * staging key is still in the clear here and is sealed by {@link DeviceRegistrar}; {@link #toString()} never shows
 * it nor any parameter value.
 */
public record DeviceInput(String mac, String model, String serial, String group, String tenant, String bootstrapMode,
                          String stagingKey, Map<String, String> params) {

    public DeviceInput {
        params = params == null ? Map.of() : params;
    }

    @Override
    public String toString() {
        return "DeviceInput[mac=" + mac + ", model=" + model + ", serial=" + serial + ", group=" + group
                + ", tenant=" + tenant + ", bootstrapMode=" + bootstrapMode + ", stagingKey="
                + (stagingKey == null ? "none" : "given") + ", params=" + params.keySet() + "]";
    }
}
