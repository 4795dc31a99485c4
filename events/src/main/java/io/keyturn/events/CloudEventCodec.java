package io.keyturn.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.events.EventContractException.Reason;
import io.keyturn.events.internal.AsciiJson;
import io.keyturn.events.internal.InstantText;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a {@link CloudEvent} into the parts of a Kafka record and back, following the CloudEvents
 * Kafka protocol binding and JSON event format (both 1.0).
 *
 * <p>Writing uses the default mode given at construction ({@link ContentMode#STRUCTURED} unless
 * chosen otherwise) or the mode passed in. Reading accepts both modes: a {@code content-type}
 * starting with {@code application/cloudevents} means structured; otherwise a
 * {@code ce_specversion} header means binary; a record with neither is read as structured, so
 * events written by hand (e.g. {@code kcat -P}) without headers are still understood.
 *
 * <p>Reading checks what the binding leaves to the application: the record key must equal the
 * subject (or per-device ordering would silently break) and the topic must be the one the type is
 * assigned to. Every refusal is an {@link EventContractException} whose message never quotes a
 * field's value.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CloudEventCodec {

    /** The header naming the record value's media type, in both modes. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** The {@code content-type} of a structured-mode record. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    /** The prefix of attribute headers in binary mode. */
    public static final String HEADER_PREFIX = "ce_";

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
    /** Values safe to quote in an error message: identifiers, never free text. */
    private static final Pattern QUOTABLE = Pattern.compile("[A-Za-z0-9._:/+-]{1,128}");
    /** A run of hex digits as long as a 128-bit secret: never quoted, whatever field it is in. */
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{32}");

    /** A writer per thread: its buffer is reused, so an event allocates only its bytes (and its strings). */
    private static final ThreadLocal<AsciiJson> ASCII = ThreadLocal.withInitial(() -> new AsciiJson(1024));

    private final ObjectMapper mapper;
    private final ContentMode defaultMode;

    /** A codec that writes structured mode, keyturn's default. */
    public CloudEventCodec() {
        this(ContentMode.STRUCTURED);
    }

    /** A codec that writes {@code defaultMode} when no mode is given. */
    public CloudEventCodec(ContentMode defaultMode) {
        this.defaultMode = Objects.requireNonNull(defaultMode, "defaultMode");
        this.mapper = EventJson.newObjectMapper();
    }

    /** The mode {@link #encode(CloudEvent)} writes. */
    public ContentMode defaultMode() {
        return defaultMode;
    }

    /** The record for {@code event} in the default mode: its topic, key = subject, headers and value. */
    public EventRecord encode(CloudEvent<?> event) {
        return encode(event, defaultMode);
    }

    /** The record for {@code event} in the given mode. */
    public EventRecord encode(CloudEvent<?> event, ContentMode mode) {
        Objects.requireNonNull(event, "event");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        byte[] value;
        if (mode == ContentMode.STRUCTURED) {
            headers.put(CONTENT_TYPE_HEADER, utf8(STRUCTURED_CONTENT_TYPE));
            value = toJson(event);
        } else {
            headers.put(HEADER_PREFIX + "specversion", utf8(event.specversion()));
            headers.put(HEADER_PREFIX + "id", utf8(event.id().toString()));
            headers.put(HEADER_PREFIX + "source", utf8(event.source()));
            headers.put(HEADER_PREFIX + "type", utf8(event.type()));
            headers.put(HEADER_PREFIX + "subject", utf8(event.subject()));
            headers.put(HEADER_PREFIX + "time", utf8(InstantText.iso(event.time())));
            headers.put(HEADER_PREFIX + "dataschema", utf8(event.dataschema().toString()));
            headers.put(CONTENT_TYPE_HEADER, utf8(event.datacontenttype()));
            event.extensions().forEach((name, v) -> headers.put(HEADER_PREFIX + name, utf8(v)));
            value = write(event.data());
        }
        return new EventRecord(event.topic(), event.subject(), headers, value);
    }

    /**
     * The event in a record of either mode.
     *
     * @throws EventContractException if the record is not a valid keyturn CloudEvent for its topic and key
     */
    public CloudEvent<?> decode(EventRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.valueBytes() == null) {
            throw new EventContractException(Reason.MALFORMED_EVENT, "record has no value");
        }
        CloudEvent<?> event = isStructured(record) ? fromJson(record.valueBytes()) : fromBinary(record);
        if (!event.topic().equals(record.topic())) {
            throw new EventContractException(Reason.TOPIC_MISMATCH,
                    event.type() + " belongs on " + event.topic() + ", not on " + quote(record.topic()));
        }
        if (!event.subject().equals(record.key())) {
            throw new EventContractException(Reason.KEY_MISMATCH,
                    "record key " + (record.key() == null ? "is absent but" : "differs from") + " the subject of "
                            + event.type() + " " + event.id());
        }
        return event;
    }

    /**
     * The event in a record, which must be of the payload type {@code expected}.
     *
     * @throws EventContractException {@code unexpected-type} for a valid event of another type, or
     *     as {@link #decode(EventRecord)}
     */
    public <T extends EventData> CloudEvent<T> decode(EventRecord record, Class<T> expected) {
        return requireType(decode(record), expected);
    }

    /**
     * The structured-mode JSON document of {@code event}: what an outbox row stores and what a
     * structured record's value holds.
     */
    public byte[] toJson(CloudEvent<?> event) {
        if (event.data() instanceof DirectJson direct) {
            byte[] ascii = asciiJson(event, direct);
            if (ascii != null) {
                return ascii;
            }
        }
        return generatedJson(event);
    }

    /**
     * The document without a generator, when no value in it needs escaping (else null): the bytes Jackson would write,
     * at a third of the cost, for delivery's fetch events (DirectJsonTest compares the two).
     */
    private static byte[] asciiJson(CloudEvent<?> event, DirectJson data) {
        AsciiJson json = ASCII.get().reset().beginObject(null)
                .field("specversion", event.specversion())
                .field("id", event.id().toString())
                .field("source", event.source())
                .field("type", event.type())
                .field("subject", event.subject())
                .field("time", event.time())
                .field("datacontenttype", event.datacontenttype())
                .field("dataschema", event.dataschema().toString());
        for (Map.Entry<String, String> extension : event.extensions().entrySet()) {
            json.field(extension.getKey(), extension.getValue());
        }
        json.beginObject("data");
        data.writeFields(json);
        json.endObject().endObject();
        return json.clean() ? json.toBytes() : null;
    }

    /** {@link #toJson} through Jackson's generator: any payload, any text. */
    byte[] generatedJson(CloudEvent<?> event) {
        // Written straight to bytes, not through a tree: a bulk import encodes a million of these.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        try (com.fasterxml.jackson.core.JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", event.specversion());
            g.writeStringField("id", event.id().toString());
            g.writeStringField("source", event.source());
            g.writeStringField("type", event.type());
            g.writeStringField("subject", event.subject());
            g.writeStringField("time", InstantText.iso(event.time()));
            g.writeStringField("datacontenttype", event.datacontenttype());
            g.writeStringField("dataschema", event.dataschema().toString());
            for (Map.Entry<String, String> extension : event.extensions().entrySet()) {
                g.writeStringField(extension.getKey(), extension.getValue());
            }
            g.writeFieldName("data");
            if (event.data() instanceof DirectJson direct) {
                direct.writeJson(g);
            } else {
                mapper.writeValue(g, event.data());
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            // Payload records hold only strings, numbers, enums, maps and lists: nothing can fail here.
            throw new IllegalStateException("cannot write " + event.type() + " as JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * The event in a structured-mode JSON document (no record key or topic to check).
     *
     * @throws EventContractException if the document is not a valid keyturn CloudEvent
     */
    public CloudEvent<?> fromJson(byte[] json) {
        JsonNode root = parse(json, "record value");
        if (!root.isObject()) {
            throw new EventContractException(Reason.MALFORMED_EVENT, "structured event is not a JSON object");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> extensions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("data") || name.equals("data_base64")) {
                continue;
            }
            if (CloudEvent.RESERVED_NAMES.contains(name)) {
                if (!value.isTextual()) {
                    throw new EventContractException(Reason.MALFORMED_EVENT, "attribute " + name + " must be a string");
                }
                attributes.put(name, value.textValue());
            } else if (EXTENSION_NAME.matcher(name).matches() && value.isValueNode() && !value.isNull()) {
                extensions.put(name, value.asText());
            }
            // Other members are ignored: a newer producer may add them.
        }
        if (root.has("data_base64")) {
            throw new EventContractException(Reason.UNSUPPORTED_CONTENT_TYPE,
                    "data_base64 is not supported: keyturn data is JSON");
        }
        return assemble(attributes, extensions, root.get("data"));
    }

    /** The JSON of a payload alone, as binary mode writes it. */
    public byte[] dataToJson(EventData data) {
        return write(data);
    }

    private CloudEvent<?> fromBinary(EventRecord record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> extensions = new TreeMap<>();
        for (Map.Entry<String, byte[]> header : record.headerView().entrySet()) {
            String name = header.getKey();
            if (name.equals(CONTENT_TYPE_HEADER)) {
                attributes.put("datacontenttype", strictUtf8(name, header.getValue()));
            } else if (name.startsWith(HEADER_PREFIX)) {
                String attribute = name.substring(HEADER_PREFIX.length());
                if (attribute.equals("datacontenttype") || attribute.equals("data")
                        || attribute.equals("data_base64")) {
                    // The binding carries the content type in content-type; these names are not attributes here.
                    continue;
                }
                if (CloudEvent.RESERVED_NAMES.contains(attribute)) {
                    attributes.put(attribute, strictUtf8(name, header.getValue()));
                } else if (EXTENSION_NAME.matcher(attribute).matches()) {
                    extensions.put(attribute, strictUtf8(name, header.getValue()));
                }
            }
        }
        return assemble(attributes, extensions, parse(record.valueBytes(), "record value"));
    }

    private CloudEvent<?> assemble(Map<String, String> attributes, Map<String, String> extensions, JsonNode data) {
        String specversion = required(attributes, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new EventContractException(Reason.UNSUPPORTED_SPEC_VERSION,
                    "specversion " + quote(specversion) + " is not supported; keyturn reads 1.0");
        }
        String type = required(attributes, "type");
        if (!EventTypes.isKnown(type)) {
            throw new EventContractException(Reason.UNKNOWN_TYPE,
                    "type " + quote(type) + " is not a keyturn event type this version knows");
        }
        String schemaText = required(attributes, "dataschema");
        EventType<?> eventType = EventTypes.find(type, uri(schemaText)).orElseThrow(() ->
                new EventContractException(Reason.UNKNOWN_SCHEMA_VERSION, "dataschema " + quote(schemaText)
                        + " is not a schema version of " + type + " this version knows"));
        String contentType = attributes.get("datacontenttype");
        if (contentType != null && !isJson(contentType)) {
            throw new EventContractException(Reason.UNSUPPORTED_CONTENT_TYPE,
                    "datacontenttype " + quote(contentType) + " is not application/json");
        }
        UUID id = uuid(required(attributes, "id"));
        String source = required(attributes, "source");
        String subject = required(attributes, "subject");
        Instant time = time(required(attributes, "time"));
        if (data == null || data.isNull()) {
            throw new EventContractException(Reason.MALFORMED_EVENT, type + " has no data");
        }
        if (!data.isObject()) {
            throw new EventContractException(Reason.MALFORMED_EVENT, type + " data is not a JSON object");
        }
        EventData payload = bind(eventType, data);
        CloudEvent<?> event = new CloudEvent<>(id, source, time, payload, extensions);
        if (!event.subject().equals(subject)) {
            throw new EventContractException(Reason.INVALID_FIELD,
                    "subject of " + type + " " + id + " differs from the subject its data names");
        }
        return event;
    }

    private EventData bind(EventType<?> eventType, JsonNode data) {
        try {
            return mapper.treeToValue(data, eventType.dataClass());
        } catch (JsonProcessingException e) {
            throw bindingError(eventType.type(), e);
        } catch (IllegalArgumentException e) {
            throw new EventContractException(Reason.MALFORMED_EVENT, eventType.type() + " data does not bind");
        }
    }

    /**
     * Maps Jackson's failure to one contract error. Jackson's own messages quote input values, so
     * only the field path and the expected type are kept, and the cause is not chained.
     */
    private static EventContractException bindingError(String type, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EventContractException rule) {
                String at = e instanceof JsonMappingException m ? path(m) : "";
                return new EventContractException(rule.reason(),
                        type + " data" + (at.isEmpty() ? "" : " at " + at) + ": " + rule.getMessage());
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String expected = m instanceof MismatchedInputException mi
                    && mi.getTargetType() != null ? " (expected " + mi.getTargetType().getSimpleName() + ")" : "";
            return new EventContractException(Reason.INVALID_FIELD,
                    type + " data field " + path(m) + " is missing or has the wrong JSON type or format" + expected);
        }
        return new EventContractException(Reason.MALFORMED_EVENT, type + " data does not bind to its schema");
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private JsonNode parse(byte[] json, String what) {
        try {
            return mapper.readTree(json);
        } catch (StreamReadException e) {
            // Jackson's parse messages quote the offending text; keep only its location.
            throw new EventContractException(Reason.MALFORMED_EVENT, what + " is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new EventContractException(Reason.MALFORMED_EVENT, what + " is not valid JSON");
        }
    }

    private boolean isStructured(EventRecord record) {
        String contentType = record.header(CONTENT_TYPE_HEADER);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            String mediaType = mediaType(contentType);
            if (!mediaType.equals("application/cloudevents+json")) {
                throw new EventContractException(Reason.UNSUPPORTED_CONTENT_TYPE,
                        "content-type " + quote(mediaType)
                                + " is not supported; keyturn reads application/cloudevents+json");
            }
            return true;
        }
        return record.headerBytes(HEADER_PREFIX + "specversion") == null;
    }

    private static <T extends EventData> CloudEvent<T> requireType(CloudEvent<?> event, Class<T> expected) {
        if (!expected.isInstance(event.data())) {
            throw new EventContractException(Reason.UNEXPECTED_TYPE, event.type() + " " + event.id()
                    + " is not a " + EventTypes.of(expected).type());
        }
        @SuppressWarnings("unchecked")
        CloudEvent<T> typed = (CloudEvent<T>) event;
        return typed;
    }

    private static boolean isJson(String contentType) {
        return mediaType(contentType).equals("application/json");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isEmpty()) {
            throw new EventContractException(Reason.MALFORMED_EVENT, "attribute " + name + " is required");
        }
        return value;
    }

    private static UUID uuid(String text) {
        // UUID.fromString accepts short groups such as 1-1-1-1-1; the contract wants the canonical form.
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new EventContractException(Reason.INVALID_FIELD, "id must be a UUID");
        }
        return UUID.fromString(text);
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventContractException(Reason.INVALID_FIELD, "time must be an RFC 3339 date-time with offset");
        }
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new EventContractException(Reason.INVALID_FIELD, "dataschema must be a URI");
        }
    }

    private static String strictUtf8(String header, byte[] bytes) {
        if (bytes == null) {
            throw new EventContractException(Reason.MALFORMED_EVENT, "header " + quote(header) + " has no value");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EventContractException(Reason.MALFORMED_EVENT, "header " + quote(header) + " is not UTF-8");
        }
    }

    private static String quote(String value) {
        boolean safe = value != null && QUOTABLE.matcher(value).matches() && !HEX_RUN.matcher(value).find();
        return safe ? "'" + value + "'" : "(value not shown)";
    }

    private byte[] write(Object value) {
        try {
            if (value instanceof DirectJson direct) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
                try (com.fasterxml.jackson.core.JsonGenerator g = mapper.getFactory().createGenerator(out)) {
                    direct.writeJson(g);
                }
                return out.toByteArray();
            }
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            // Payload records hold only strings, numbers, enums, maps and lists: nothing can fail here.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
