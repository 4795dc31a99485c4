package io.keyturn.registry.api;

import io.keyturn.registry.domain.DeviceInput;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/devices}; the staging key is write-only and never shown again. */
@Schema(name = "RegisterDeviceRequest")
public record RegisterDeviceRequest(
        @Schema(required = true, example = "00:0e:08:aa:bb:cc") String mac,
        @Schema(required = true, example = "SPA962") String model,
        String serial,
        @Schema(example = "region/north/city") String group,
        String tenant,
        @Schema(enumeration = {"mtls", "staging-key", "spc-target"}) String bootstrapMode,
        @Schema(description = "Write-only: sealed to crypto-service at once") String stagingKey,
        Map<String, String> params) {

    DeviceInput toInput() {
        return new DeviceInput(mac, model, serial, group, tenant, bootstrapMode, stagingKey, params);
    }

    @Override
    public String toString() {
        return toInput().toString();
    }
}
