package io.keyturn.events.device;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.device.decommissioned} on {@code keyturn.devices}: the device left the fleet.
 * crypto-service destroys its keys and withdraws its files; the scheduler drops it from campaigns;
 * delivery then answers its paths with {@code device-decommissioned} denials.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param version the device record's version at decommissioning; higher than any earlier event's
 * @param requestedBy who decommissioned it (operator or API client principal), if known; at most
 *     128 characters
 * @param reason the operator's free-text reason, if given; at most 500 characters, never secret
 * @param decommissionedAt when registry-service accepted the decommissioning
 */
public record DeviceDecommissioned(
        String mac, long version, String requestedBy, String reason, Instant decommissionedAt)
        implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeviceDecommissioned {
        Checks.mac("mac", mac);
        Checks.atLeast("version", version, 1);
        Checks.optionalText("requestedBy", requestedBy, 128);
        Checks.optionalText("reason", reason, 500);
        Checks.required("decommissionedAt", decommissionedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
