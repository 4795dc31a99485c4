package io.keyturn.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keyturn.registry.domain.Device;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device as the API shows it: secret parameters by name only, the staging key only as "there is one", and the
 * rotation read model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceView(
        String mac,
        String model,
        String psn,
        String serial,
        String group,
        String tenant,
        String bootstrapMode,
        boolean hasStagingKey,
        Map<String, String> params,
        List<String> secretParams,
        String state,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Long generation,
        Long confirmedGeneration,
        String rotationState,
        Instant lastRotationAt,
        Instant confirmedAt) {

    static DeviceView from(Device d) {
        return new DeviceView(d.mac(), d.model().name(), d.model().psn(), d.serial(), d.groupPath(), d.tenant(),
                d.bootstrapMode().code(), d.sealedStagingKey() != null, new TreeMap<>(d.params()),
                List.copyOf(new java.util.TreeSet<>(d.sealedParams().keySet())), d.state().code(), d.version(),
                d.createdAt(), d.updatedAt(), d.rotation().generation(), d.rotation().confirmedGeneration(),
                d.rotation().rotationState(), d.rotation().lastRotationAt(), d.rotation().confirmedAt());
    }
}
