package io.keyturn.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code keyturn.rotation.*} event as the chaos checks need it: its CloudEvent id (the same on every copy of
 * it, so a duplicate is recognised), its stage, device, generation and campaign, and the key fingerprint it names.
 *
 * @param stage the last part of the type: requested, issued, published, confirmed, retired or failed
 * @param generation the generation it is about; 0 for a request, which names none
 * @param campaignId the campaign, when the emitter knows it; else null
 * @param keyFingerprint the fingerprint of the generation's key, when the event carries one; else null
 */
public record RotationEvent(String id, String stage, String mac, long generation, String campaignId,
        String keyFingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_PREFIX = "keyturn.rotation.";

    /**
     * The rotation event in a record of either CloudEvents mode (structured JSON, or {@code ce_*} headers with the
     * data as the value); empty for an event of another type.
     *
     * @throws IllegalArgumentException if the record is not a CloudEvent at all
     */
    public static Optional<RotationEvent> parse(Map<String, byte[]> headers, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("a record without a value");
        }
        JsonNode body;
        try {
            body = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("a record whose value is not JSON");
        }
        String id;
        String type;
        JsonNode data;
        if (headers.containsKey("ce_type")) {
            id = text(headers.get("ce_id"));
            type = text(headers.get("ce_type"));
            data = body;
        } else {
            id = body.path("id").asText(null);
            type = body.path("type").asText(null);
            data = body.path("data");
        }
        if (id == null || type == null || data == null || !data.isObject()) {
            throw new IllegalArgumentException("a record that is not a CloudEvent (no id, type or data)");
        }
        if (!type.startsWith(TYPE_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(new RotationEvent(id, type.substring(TYPE_PREFIX.length()), data.path("mac").asText(""),
                data.path("generation").asLong(0), textOrNull(data.path("campaignId")),
                textOrNull(data.path("keyFingerprint"))));
    }

    private static String text(byte[] header) {
        return header == null ? null : new String(header, StandardCharsets.UTF_8);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
