package io.keyturn.registry.api;

import io.keyturn.events.device.TemplateRef;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.registry.domain.Device;
import io.keyturn.registry.domain.DeviceFilter;
import io.keyturn.registry.domain.DeviceInput;
import io.keyturn.registry.domain.DevicePage;
import io.keyturn.registry.domain.DevicePatch;
import io.keyturn.registry.domain.DeviceRegistrar;
import io.keyturn.registry.domain.DeviceState;
import io.keyturn.registry.domain.MacAddress;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.RegistryException.Reason;
import io.keyturn.registry.domain.TemplateLayers;
import io.keyturn.registry.messaging.DeviceEvents;
import io.keyturn.registry.persistence.AuditLog;
import io.keyturn.registry.persistence.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The device use cases, each one transaction: the device row, its event in the outbox and the audit record commit
 * together or not at all.
 */
@ApplicationScoped
public class DeviceService {

    private final DeviceRegistrar registrar;
    private final DeviceRepository devices;
    private final OutboxWriter outbox;
    private final AuditLog audit;
    private final Clock clock;

    @Inject
    public DeviceService(DeviceRegistrar registrar, DeviceRepository devices, OutboxWriter outbox, AuditLog audit,
                         Clock clock) {
        this.registrar = registrar;
        this.devices = devices;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Device register(DeviceInput in, String actor) {
        Device d = registrar.register(in);
        if (!devices.insert(d, null)) {
            throw new RegistryException(Reason.DEVICE_EXISTS, "device " + d.mac() + " is already registered");
        }
        outbox.append(DeviceEvents.registered(d, templates(d)));
        audit.record(actor, "device.register", "device/" + d.mac(),
                Map.of("model", d.model().name(), "params", d.params().keySet(), "sealedParams",
                        d.sealedParams().keySet(), "stagingKey", d.sealedStagingKey() != null));
        return d;
    }

    public Device get(String mac) {
        String m = MacAddress.normalise(mac);
        return devices.find(m).orElseThrow(() -> notFound(m));
    }

    public DevicePage list(DeviceFilter filter, String afterMac, int limit) {
        // One more than asked tells whether a next page exists without a count.
        List<Device> rows = devices.page(filter, afterMac, limit + 1);
        if (rows.size() > limit) {
            List<Device> page = rows.subList(0, limit);
            return new DevicePage(List.copyOf(page), page.get(limit - 1).mac());
        }
        return new DevicePage(rows, null);
    }

    /**
     * Applies {@code patch} if the device is still at {@code ifMatch} (when given).
     *
     * @throws RegistryException {@code STALE_VERSION} if it is not
     */
    @Transactional
    public Device update(String mac, DevicePatch patch, Long ifMatch, String actor) {
        Device current = current(mac, ifMatch);
        DeviceRegistrar.Change change = registrar.update(current, patch);
        if (change.changedFields().isEmpty()) {
            return current;
        }
        Device next = change.device();
        if (!devices.update(next, current.version())) {
            throw stale(mac);
        }
        outbox.append(DeviceEvents.updated(next, templates(next), change.changedFields()));
        audit.record(actor, "device.update", "device/" + next.mac(),
                Map.of("changed", change.changedFields(), "version", next.version()));
        return next;
    }

    /**
     * Decommissions the device and drops its sealed secrets; a second call changes nothing and emits nothing.
     */
    @Transactional
    public Device decommission(String mac, Long ifMatch, String reason, String actor) {
        Device current = current(mac, ifMatch);
        if (current.state() == DeviceState.DECOMMISSIONED) {
            return current;
        }
        Instant now = clock.instant();
        Device gone = new Device(current.mac(), current.model(), current.serial(), current.group(), current.tenant(),
                current.bootstrapMode(), null, current.params(), Map.of(), DeviceState.DECOMMISSIONED,
                current.version() + 1, current.createdAt(), now, current.rotation());
        if (!devices.update(gone, current.version())) {
            throw stale(mac);
        }
        String by = actor.length() > 128 ? actor.substring(0, 128) : actor;
        outbox.append(DeviceEvents.decommissioned(gone, by, reason, now));
        audit.record(actor, "device.decommission", "device/" + gone.mac(),
                reason == null ? Map.of() : Map.of("reason", reason));
        return gone;
    }

    /** The template refs that apply to {@code d} now. */
    List<TemplateRef> templates(Device d) {
        return TemplateLayers.refs(d.model(), d.group(),
                devices.templateVersions(TemplateLayers.candidateIds(d.model(), d.group())));
    }

    private Device current(String mac, Long ifMatch) {
        String m = MacAddress.normalise(mac);
        Device current = devices.find(m, true).orElseThrow(() -> notFound(m));
        if (ifMatch != null && ifMatch != current.version()) {
            throw stale(m);
        }
        return current;
    }

    private static RegistryException notFound(String mac) {
        return new RegistryException(Reason.DEVICE_NOT_FOUND, "no device " + mac + " is registered");
    }

    private static RegistryException stale(String mac) {
        return new RegistryException(Reason.STALE_VERSION, "device " + mac
                + " changed since that version was read; GET it again and retry with its ETag");
    }
}
