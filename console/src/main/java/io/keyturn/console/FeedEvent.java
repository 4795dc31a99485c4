package io.keyturn.console;

import io.quarkus.qute.TemplateData;
import java.time.Instant;

/**
 * One event as the console shows it: what happened to which device, in a line an operator can read. Built by
 * {@link FeedEvents#of}; it never carries a profile's ciphertext, a sealed secret or a template's body.
 *
 * @param id the CloudEvent id
 * @param topic the Kafka topic it came from
 * @param type the short type, e.g. {@code rotation.confirmed}
 * @param subject the device MAC (or template id, or certificate CN) the event is about
 * @param time when it happened
 * @param campaignId the campaign it belongs to, or null
 * @param category {@code security} for denied fetches and retired-path hits, {@code rate-limited} for fetches
 *     refused by the rate limit, else {@code fleet}
 * @param summary one line of detail
 */
@TemplateData
public record FeedEvent(String id, String topic, String type, String subject, Instant time, String campaignId,
        String category, String summary) {

    public static final String SECURITY = "security";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String FLEET = "fleet";

    /** Whether the Security page lists it. */
    public boolean isSecurity() {
        return !FLEET.equals(category);
    }

    /** Whether this event passes the Events page's filter; blank filters pass everything. */
    public boolean matches(String device, String typePrefix) {
        boolean deviceOk = device == null || device.isBlank() || (subject != null && subject.equals(Macs.normalise(device)));
        boolean typeOk = typePrefix == null || typePrefix.isBlank() || type.startsWith(typePrefix.strip());
        return deviceOk && typeOk;
    }
}
