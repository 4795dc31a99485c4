package io.keyturn.events.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.keyturn.events.DirectJson;
import io.keyturn.events.EventData;
import io.keyturn.events.internal.AsciiJson;
import io.keyturn.events.internal.Checks;
import io.keyturn.events.internal.InstantText;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code keyturn.delivery.denied} on {@code keyturn.deliveries}: delivery-service refused a
 * request. Client-supplied text is kept (a hostile request must stay reportable) but cleaned:
 * control and format characters become U+FFFD and long values are cut, so the event cannot forge
 * log lines or carry unbounded data.
 *
 * @param path the path as requested, cleaned and cut to 512 characters; not empty ({@code /} when
 *     the request named no file)
 * @param mac the MAC the request claimed (by path, certificate or User-Agent), if any; the subject
 *     and record key when present, otherwise the path is
 * @param protocol the protocol used
 * @param sourceAddress the client's IP address literal, without port
 * @param userAgent the client's User-Agent, if it sent one, cleaned and cut to 256 characters
 * @param reason why the request was refused
 * @param detail a human-readable explanation for operators, if any; at most 500 characters, never
 *     secret
 * @param deniedAt when the request arrived
 */
public record DeliveryDenied(
        String path,
        String mac,
        DeliveryProtocol protocol,
        String sourceAddress,
        String userAgent,
        DenialReason reason,
        String detail,
        Instant deniedAt) implements EventData, DirectJson {

    /**
     * Checks the field rules above, after cleaning client text.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeliveryDenied {
        path = Checks.untrusted(Checks.required("path", path), ClientFields.MAX_REQUESTED_PATH);
        if (path.isEmpty()) {
            throw Checks.invalid("path", "must not be empty (use / when the request named no file)");
        }
        Checks.optionalMac("mac", mac);
        Checks.required("protocol", protocol);
        Checks.ipAddress("sourceAddress", sourceAddress);
        userAgent = Checks.untrusted(userAgent, ClientFields.MAX_USER_AGENT);
        Checks.required("reason", reason);
        Checks.optionalText("detail", detail, 500);
        Checks.required("deniedAt", deniedAt);
    }

    @Override
    public String subject() {
        return mac != null ? mac : path;
    }

    @Override
    public void writeFields(AsciiJson json) {
        json.field("path", path);
        if (mac != null) {
            json.field("mac", mac);
        }
        json.field("protocol", protocol.code()).field("sourceAddress", sourceAddress);
        if (userAgent != null) {
            json.field("userAgent", userAgent);
        }
        json.field("reason", reason.code());
        if (detail != null) {
            json.field("detail", detail);
        }
        json.field("deniedAt", deniedAt);
    }

    /** One per refused request, thousands a second in a miss storm: written by hand (DirectJsonTest). */
    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", path);
        if (mac != null) {
            g.writeStringField("mac", mac);
        }
        g.writeStringField("protocol", protocol.code());
        g.writeStringField("sourceAddress", sourceAddress);
        if (userAgent != null) {
            g.writeStringField("userAgent", userAgent);
        }
        g.writeStringField("reason", reason.code());
        if (detail != null) {
            g.writeStringField("detail", detail);
        }
        g.writeStringField("deniedAt", InstantText.iso(deniedAt));
        g.writeEndObject();
    }
}
