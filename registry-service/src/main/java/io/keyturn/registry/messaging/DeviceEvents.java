package io.keyturn.registry.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventIds;
import io.keyturn.events.Sources;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.registry.domain.Device;
import java.time.Instant;
import java.util.List;

/** Builds the device events of DESIGN.md §4 from the registry's devices. */
public final class DeviceEvents {

    private DeviceEvents() {
    }

    public static CloudEvent<DeviceRegistered> registered(Device d, List<TemplateRef> templates) {
        DeviceRegistered data = new DeviceRegistered(d.mac(), d.version(), d.model().name(), d.model().psn(),
                d.serial(), d.groupPath(), d.tenant(), d.bootstrapMode(), d.sealedStagingKey(), d.params(),
                d.sealedParams(), templates, d.createdAt());
        return CloudEvent.of(EventIds.next(), Sources.REGISTRY_SERVICE, d.createdAt(), data);
    }

    public static CloudEvent<DeviceUpdated> updated(Device d, List<TemplateRef> templates, List<String> changed) {
        DeviceUpdated data = new DeviceUpdated(d.mac(), d.version(), d.model().name(), d.model().psn(), d.serial(),
                d.groupPath(), d.tenant(), d.bootstrapMode(), d.sealedStagingKey(), d.params(), d.sealedParams(),
                templates, changed, d.updatedAt());
        return CloudEvent.of(EventIds.next(), Sources.REGISTRY_SERVICE, d.updatedAt(), data);
    }

    public static CloudEvent<DeviceDecommissioned> decommissioned(Device d, String by, String reason, Instant at) {
        return CloudEvent.of(EventIds.next(), Sources.REGISTRY_SERVICE, at,
                new DeviceDecommissioned(d.mac(), d.version(), by, reason, at));
    }
}
