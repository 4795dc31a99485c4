package io.keyturn.events.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.keyturn.events.DirectJson;
import io.keyturn.events.EventData;
import io.keyturn.events.internal.AsciiJson;
import io.keyturn.events.internal.Checks;
import io.keyturn.events.internal.InstantText;
import io.keyturn.events.profile.ProfileKind;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code keyturn.delivery.fetched} on {@code keyturn.deliveries}: delivery-service served a
 * published file. One event per request; the first fetch of a chain generation also produces
 * {@code keyturn.rotation.confirmed}.
 *
 * @param path the path served
 * @param kind which step of the flow the file serves
 * @param mac the device the file belongs to; for a {@code stage0} file, the MAC if the request
 *     revealed one (e.g. in the User-Agent), else absent
 * @param generation the file's generation (as in {@code keyturn.profile.published}); absent for
 *     {@code stage0} only
 * @param protocol the protocol used
 * @param sourceAddress the client's IP address literal, without port
 * @param userAgent the client's User-Agent, if it sent one (TFTP never does); control characters
 *     replaced by U+FFFD and cut to 256 characters, because clients are not trusted
 * @param result how the transfer ended
 * @param bytes the bytes sent, at least 0
 * @param durationMillis how long the transfer took, in milliseconds, at least 0
 * @param fetchedAt when the request arrived
 */
public record DeliveryFetched(
        String path,
        ProfileKind kind,
        String mac,
        Long generation,
        DeliveryProtocol protocol,
        String sourceAddress,
        String userAgent,
        FetchResult result,
        long bytes,
        long durationMillis,
        Instant fetchedAt) implements EventData, DirectJson {

    /**
     * Checks the field rules above, after cleaning client text.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeliveryFetched {
        Checks.servedPath("path", path);
        Checks.required("kind", kind);
        Checks.optionalMac("mac", mac);
        if (kind == ProfileKind.STAGE0) {
            if (generation != null) {
                throw Checks.invalid("generation", "must be absent for a stage0 file");
            }
        } else {
            Checks.mac("mac", mac);
            Checks.generation("generation", Checks.required("generation", generation));
        }
        Checks.required("protocol", protocol);
        Checks.ipAddress("sourceAddress", sourceAddress);
        userAgent = Checks.untrusted(userAgent, ClientFields.MAX_USER_AGENT);
        Checks.required("result", result);
        Checks.atLeast("bytes", bytes, 0);
        Checks.atLeast("durationMillis", durationMillis, 0);
        Checks.required("fetchedAt", fetchedAt);
    }

    @Override
    public String subject() {
        return mac != null ? mac : path;
    }

    @Override
    public void writeFields(AsciiJson json) {
        json.field("path", path).field("kind", kind.code());
        if (mac != null) {
            json.field("mac", mac);
        }
        if (generation != null) {
            json.field("generation", generation.longValue());
        }
        json.field("protocol", protocol.code()).field("sourceAddress", sourceAddress);
        if (userAgent != null) {
            json.field("userAgent", userAgent);
        }
        json.field("result", result.code()).field("bytes", bytes).field("durationMillis", durationMillis)
                .field("fetchedAt", fetchedAt);
    }

    /** One per fetch: written by hand, as the bean serializer would (DirectJsonTest). */
    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", path);
        g.writeStringField("kind", kind.code());
        if (mac != null) {
            g.writeStringField("mac", mac);
        }
        if (generation != null) {
            g.writeNumberField("generation", generation.longValue());
        }
        g.writeStringField("protocol", protocol.code());
        g.writeStringField("sourceAddress", sourceAddress);
        if (userAgent != null) {
            g.writeStringField("userAgent", userAgent);
        }
        g.writeStringField("result", result.code());
        g.writeNumberField("bytes", bytes);
        g.writeNumberField("durationMillis", durationMillis);
        g.writeStringField("fetchedAt", InstantText.iso(fetchedAt));
        g.writeEndObject();
    }
}
