package io.keyturn.events.delivery;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.delivery.retired-path-hit} on {@code keyturn.deliveries}: a request for the
 * directory of a retired generation. The device already proved it holds a newer key, so this is a
 * security event: a leaked directory, a cloned device, or a replay. The request itself is refused.
 *
 * @param path the retired path requested
 * @param mac the device the path belonged to; the subject and record key
 * @param retiredGeneration the retired generation the path belonged to
 * @param protocol the protocol used
 * @param sourceAddress the client's IP address literal, without port
 * @param userAgent the client's User-Agent, if it sent one, cleaned and cut to 256 characters
 * @param hitAt when the request arrived
 */
public record DeliveryRetiredPathHit(
        String path,
        String mac,
        long retiredGeneration,
        DeliveryProtocol protocol,
        String sourceAddress,
        String userAgent,
        Instant hitAt) implements EventData {

    /**
     * Checks the field rules above, after cleaning client text.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeliveryRetiredPathHit {
        Checks.servedPath("path", path);
        Checks.mac("mac", mac);
        Checks.generation("retiredGeneration", retiredGeneration);
        Checks.required("protocol", protocol);
        Checks.ipAddress("sourceAddress", sourceAddress);
        userAgent = Checks.untrusted(userAgent, ClientFields.MAX_USER_AGENT);
        Checks.required("hitAt", hitAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
