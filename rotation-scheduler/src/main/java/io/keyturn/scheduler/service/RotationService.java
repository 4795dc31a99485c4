package io.keyturn.scheduler.service;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.platform.problem.ProblemException;
import io.keyturn.scheduler.api.SchedulerProblem;
import io.keyturn.scheduler.persistence.DeviceRepository;
import io.keyturn.scheduler.persistence.RotationRequestRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.regex.Pattern;

/** Rotates one device now ({@code POST /api/v1/devices/{mac}/rotations}). */
@ApplicationScoped
public class RotationService {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{12}");

    private final DeviceRepository devices;
    private final RotationRequestRepository requests;
    private final OutboxWriter outbox;
    private final Clock clock;

    @Inject
    public RotationService(DeviceRepository devices, RotationRequestRepository requests, OutboxWriter outbox,
                           Clock clock) {
        this.devices = devices;
        this.requests = requests;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The request as emitted. */

    /**
     * Requests the device's next generation, ignoring windows and rate limits (an operator asked for this one).
     *
     * @throws ProblemException {@code invalid-mac}, {@code device-not-found} or {@code device-decommissioned}
     */
    @Transactional
    public CloudEvent<RotationRequested> rotate(String mac, boolean emergency, String by) {
        String normalised = mac == null ? "" : mac.toLowerCase(java.util.Locale.ROOT).replace(":", "").replace("-", "");
        if (!MAC.matcher(normalised).matches()) {
            throw new ProblemException(SchedulerProblem.INVALID_MAC, "a MAC is 12 hexadecimal digits, e.g. 000e08aabbcc");
        }
        DeviceRepository.DeviceRow device = devices.lock(normalised)
                .filter(d -> d.version() > 0)
                .orElseThrow(() -> new ProblemException(SchedulerProblem.DEVICE_NOT_FOUND, "no device " + normalised));
        if ("decommissioned".equals(device.state())) {
            throw new ProblemException(SchedulerProblem.DEVICE_DECOMMISSIONED, "device " + normalised + " is decommissioned");
        }
        RotationCause cause = emergency ? RotationCause.EMERGENCY : RotationCause.MANUAL;
        String requestedBy = by == null ? null : by.substring(0, Math.min(by.length(), 128));
        CloudEvent<RotationRequested> event = CloudEvent.of(Sources.ROTATION_SCHEDULER,
                new RotationRequested(normalised, device.generation(), cause, requestedBy, null, clock.instant()), clock);
        outbox.append(event);
        requests.record(event.id(), normalised, cause.code(), null, requestedBy, event.time());
        return event;
    }
}
