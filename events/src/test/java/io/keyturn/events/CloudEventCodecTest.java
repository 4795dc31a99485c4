package io.keyturn.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyturn.events.EventContractException.Reason;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventCodecTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private final CloudEventCodec codec = new CloudEventCodec();
    private final CloudEvent<?> confirmed = GoldenEvents.all().get(EventTypes.ROTATION_CONFIRMED);

    static Stream<CloudEvent<?>> everyEvent() {
        Stream<CloudEvent<?>> golden = GoldenEvents.all().values().stream();
        Stream<CloudEvent<?>> variants = GoldenEvents.variants().stream()
                .map(data -> CloudEvent.of(Sources.CRYPTO_SERVICE, data, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        return Stream.concat(golden, variants);
    }

    @Test
    void writesStructuredModeByDefault() throws IOException {
        EventRecord record = codec.encode(confirmed);

        assertThat(codec.defaultMode()).isEqualTo(ContentMode.STRUCTURED);
        assertThat(record.topic()).isEqualTo(Topics.ROTATIONS);
        assertThat(record.key()).isEqualTo(GoldenEvents.MAC);
        assertThat(record.headers()).containsOnlyKeys("content-type");
        assertThat(record.header("content-type")).isEqualTo("application/cloudevents+json; charset=UTF-8");
        assertThat(PLAIN.readTree(record.value()))
                .isEqualTo(PLAIN.readTree(GoldenEvents.goldenJson(EventTypes.ROTATION_CONFIRMED)));
    }

    @Test
    void writesBinaryModeAsCeHeadersAndTheDataAsValue() throws IOException {
        EventRecord record = codec.encode(confirmed, ContentMode.BINARY);

        assertThat(record.headers()).containsOnlyKeys("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject",
                "ce_time", "ce_dataschema", "content-type");
        assertThat(record.header("ce_specversion")).isEqualTo("1.0");
        assertThat(record.header("ce_id")).isEqualTo("0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c04");
        assertThat(record.header("ce_source")).isEqualTo("/keyturn/crypto-service");
        assertThat(record.header("ce_type")).isEqualTo("keyturn.rotation.confirmed");
        assertThat(record.header("ce_subject")).isEqualTo("000e08aabbcc");
        assertThat(record.header("ce_time")).isEqualTo("2026-11-26T10:07:41Z");
        assertThat(record.header("ce_dataschema")).isEqualTo("https://keyturn.io/schemas/rotation.confirmed/v1");
        assertThat(record.header("content-type")).isEqualTo("application/json");
        assertThat(record.key()).isEqualTo("000e08aabbcc");
        assertThat(PLAIN.readTree(record.value()))
                .isEqualTo(PLAIN.readTree(GoldenEvents.goldenJson(EventTypes.ROTATION_CONFIRMED)).get("data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    void everyEventSurvivesABinaryRoundTrip(CloudEvent<?> event) {
        assertThat(codec.decode(codec.encode(event, ContentMode.BINARY))).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEvent")
    void everyEventSurvivesAStructuredRoundTrip(CloudEvent<?> event) {
        assertThat(codec.decode(codec.encode(event, ContentMode.STRUCTURED))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(ContentMode.class)
    void aCodecWritesTheDefaultModeItWasGivenAndReadsBoth(ContentMode mode) {
        CloudEventCodec writer = new CloudEventCodec(mode);
        EventRecord record = writer.encode(confirmed);

        assertThat(record).isEqualTo(codec.encode(confirmed, mode));
        assertThat(new CloudEventCodec(ContentMode.BINARY).decode(record)).isEqualTo(confirmed);
        assertThat(new CloudEventCodec(ContentMode.STRUCTURED).decode(record)).isEqualTo(confirmed);
    }

    @Test
    void readsAStructuredRecordWrittenWithoutHeaders() {
        EventRecord bare = new EventRecord(Topics.ROTATIONS, GoldenEvents.MAC, Map.of(),
                GoldenEvents.goldenJson(EventTypes.ROTATION_CONFIRMED));
        assertThat(codec.decode(bare)).isEqualTo(confirmed);
    }

    @Test
    void extensionAttributesTravelInBothModes() {
        CloudEvent<?> traced = confirmed.withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        for (ContentMode mode : ContentMode.values()) {
            EventRecord record = codec.encode(traced, mode);
            assertThat(codec.decode(record)).isEqualTo(traced);
            assertThat(codec.decode(record).extensions()).containsEntry("traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }
        assertThat(codec.encode(traced, ContentMode.BINARY).header("ce_traceparent")).startsWith("00-4bf9");
    }

    @Test
    void readsTimesWithAnyOffsetAsTheSameInstant() {
        EventRecord record = structured(root -> {
            root.put("time", "2026-11-26T11:07:41+01:00");
            ((ObjectNode) root.get("data")).put("confirmedAt", "2026-11-26T05:07:41.000-05:00");
        });
        assertThat(codec.decode(record)).isEqualTo(confirmed);
    }

    @Test
    void ignoresUnknownEnvelopeMembersAndDataFields() {
        EventRecord record = structured(root -> {
            root.put("comexampleextra", 42);
            root.putObject("nested").put("a", 1);
            ((ObjectNode) root.get("data")).put("addedInALaterRelease", "x");
        });
        CloudEvent<?> read = codec.decode(record);
        assertThat(read.data()).isEqualTo(confirmed.data());
        assertThat(read.extensions()).containsOnly(Map.entry("comexampleextra", "42"));
    }

    @Test
    void readsAnUnknownValueOfAnOpenReasonEnumAsOther() {
        CloudEvent<?> failed = GoldenEvents.all().get(EventTypes.ROTATION_FAILED);
        EventRecord record = structured(failed, root ->
                ((ObjectNode) root.get("data")).put("reason", "reason-added-in-a-later-release"));
        assertThat(((RotationFailed) codec.decode(record).data()).reason()).isEqualTo(RotationFailureReason.OTHER);
    }

    @Test
    void refusesAnUnknownValueOfAClosedEnum() {
        CloudEvent<?> fetched = GoldenEvents.all().get(EventTypes.DELIVERY_FETCHED);
        EventRecord record = structured(fetched, root -> ((ObjectNode) root.get("data")).put("protocol", "gopher"));
        assertRefused(() -> codec.decode(record), Reason.INVALID_FIELD, "keyturn.delivery.fetched data field protocol");
    }

    @Test
    void refusesAnUnknownTypeNamingIt() {
        EventRecord record = structured(root -> root.put("type", "keyturn.rotation.teleported"));
        assertRefused(() -> codec.decode(record), Reason.UNKNOWN_TYPE, "'keyturn.rotation.teleported'");
    }

    @Test
    void neverQuotesAnAttributeThatCouldBeKeyMaterial() {
        String key = "13c43c894489e3fa7e7f76b445e3068205a2a4582dd340eb897a4186c2dbe88d";
        EventRecord record = structured(root -> root.put("type", key));
        Throwable thrown = assertRefused(() -> codec.decode(record), Reason.UNKNOWN_TYPE, "(value not shown)");
        assertThat(thrown.getMessage()).doesNotContain(key.substring(0, 16));
    }

    @Test
    void refusesAKnownTypeWithASchemaVersionItDoesNotKnow() {
        EventRecord record = structured(root -> root.put("dataschema", "https://keyturn.io/schemas/rotation.confirmed/v2"));
        assertRefused(() -> codec.decode(record), Reason.UNKNOWN_SCHEMA_VERSION, "rotation.confirmed/v2");
    }

    @Test
    void refusesADataschemaOfAnotherType() {
        EventRecord record = structured(root -> root.put("dataschema", "https://keyturn.io/schemas/rotation.issued/v1"));
        assertRefused(() -> codec.decode(record), Reason.UNKNOWN_SCHEMA_VERSION, "keyturn.rotation.confirmed");
    }

    @Test
    void refusesAnotherSpecVersion() {
        EventRecord record = structured(root -> root.put("specversion", "0.3"));
        assertRefused(() -> codec.decode(record), Reason.UNSUPPORTED_SPEC_VERSION, "'0.3'");
    }

    @Test
    void refusesAnEnvelopeMissingARequiredAttribute() {
        for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time", "dataschema")) {
            EventRecord record = structured(root -> root.remove(attribute));
            assertRefused(() -> codec.decode(record), Reason.MALFORMED_EVENT, "attribute " + attribute + " is required");
        }
    }

    @Test
    void refusesAnEnvelopeWithoutData() {
        EventRecord record = structured(root -> root.remove("data"));
        assertRefused(() -> codec.decode(record), Reason.MALFORMED_EVENT, "has no data");
    }

    @Test
    void refusesDataThatIsNotJson() {
        EventRecord record = structured(root -> {
            root.remove("data");
            root.put("data_base64", "AAAA");
        });
        assertRefused(() -> codec.decode(record), Reason.UNSUPPORTED_CONTENT_TYPE, "data_base64");
        EventRecord xml = structured(root -> root.put("datacontenttype", "application/xml"));
        assertRefused(() -> codec.decode(xml), Reason.UNSUPPORTED_CONTENT_TYPE, "'application/xml'");
        EventRecord avro = new EventRecord(Topics.ROTATIONS, GoldenEvents.MAC,
                Map.of("content-type", "application/cloudevents+avro".getBytes(UTF_8)), new byte[] {1});
        assertRefused(() -> codec.decode(avro), Reason.UNSUPPORTED_CONTENT_TYPE, "application/cloudevents+avro");
    }

    @Test
    void acceptsJsonContentTypeWithParameters() {
        EventRecord record = structured(root -> root.put("datacontenttype", "application/json; charset=utf-8"));
        assertThat(codec.decode(record)).isEqualTo(confirmed);
    }

    @Test
    void refusesARecordKeyOtherThanTheSubject() {
        EventRecord good = codec.encode(confirmed);
        EventRecord otherKey = new EventRecord(good.topic(), "000e08aabbcd", good.headers(), good.value());
        EventRecord noKey = new EventRecord(good.topic(), null, good.headers(), good.value());
        assertRefused(() -> codec.decode(otherKey), Reason.KEY_MISMATCH, "differs from the subject");
        assertRefused(() -> codec.decode(noKey), Reason.KEY_MISMATCH, "is absent");
    }

    @Test
    void refusesATypeOnAnotherTopic() {
        EventRecord good = codec.encode(confirmed);
        EventRecord elsewhere = new EventRecord(Topics.DEVICES, good.key(), good.headers(), good.value());
        assertRefused(() -> codec.decode(elsewhere), Reason.TOPIC_MISMATCH, "belongs on keyturn.rotations");
    }

    @Test
    void refusesASubjectThatIsNotTheDataDevice() {
        EventRecord record = structured(root -> root.put("subject", "000e08aabbcd"));
        assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD, "subject");
    }

    @Test
    void refusesAValueThatIsNotJsonWithoutQuotingIt() {
        byte[] garbage = "{\"specversion\": 1.0, KEY-0123456789abcdef".getBytes(UTF_8);
        EventRecord record = new EventRecord(Topics.ROTATIONS, GoldenEvents.MAC, Map.of(), garbage);
        Throwable thrown = assertRefused(() -> codec.decode(record), Reason.MALFORMED_EVENT, "not valid JSON (line 1");
        assertThat(thrown.getMessage()).doesNotContain("KEY-0123456789abcdef");
        assertThat(thrown.getCause()).isNull();
    }

    @Test
    void refusesAnEmptyValueAndATombstone() {
        assertRefused(() -> codec.decode(new EventRecord(Topics.ROTATIONS, GoldenEvents.MAC, Map.of(), new byte[0])),
                Reason.MALFORMED_EVENT, "not a JSON object");
        assertRefused(() -> codec.decode(new EventRecord(Topics.ROTATIONS, GoldenEvents.MAC, Map.of(), null)),
                Reason.MALFORMED_EVENT, "no value");
    }

    @Test
    void refusesDuplicateMembersAndTrailingContent() {
        String golden = new String(GoldenEvents.goldenJson(EventTypes.ROTATION_CONFIRMED), UTF_8);
        String duplicated = golden.replaceFirst("\"generation\": 8", "\"generation\": 8, \"generation\": 9");
        assertRefused(() -> codec.fromJson(duplicated.getBytes(UTF_8)), Reason.MALFORMED_EVENT, "not valid JSON");
        assertRefused(() -> codec.fromJson((golden + " {}").getBytes(UTF_8)), Reason.MALFORMED_EVENT, "not valid JSON");
    }

    @Test
    void refusesAnInvalidFieldNamingTheFieldButNotTheValue() {
        String secretLooking = "13c43c894489e3fa7e7f76b445e3068205a2a4582dd340eb897a4186c2dbe88d";
        EventRecord record = structured(root -> ((ObjectNode) root.get("data")).put("mac", secretLooking));
        Throwable thrown = assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD,
                "keyturn.rotation.confirmed data: mac must be 12 lowercase hexadecimal digits");
        assertThat(thrown.getMessage()).doesNotContain(secretLooking);
    }

    @Test
    void refusesAFieldOfTheWrongJsonTypeWithoutQuotingIt() {
        EventRecord record = structured(root -> ((ObjectNode) root.get("data")).put("generation", "eight-secret"));
        Throwable thrown = assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD,
                "data field generation is missing or has the wrong JSON type or format");
        assertThat(thrown.getMessage()).doesNotContain("eight-secret");
    }

    @Test
    void refusesAMissingNumberInsteadOfReadingZero() {
        EventRecord record = structured(root -> ((ObjectNode) root.get("data")).remove("generation"));
        assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD, "generation");
    }

    @Test
    void namesTheNestedFieldOfAnInvalidNestedValue() {
        CloudEvent<?> registered = GoldenEvents.all().get(EventTypes.DEVICE_REGISTERED);
        EventRecord record = structured(registered, root ->
                ((ObjectNode) root.get("data").get("sealedStagingKey")).put("ciphertext", "not base64"));
        assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD,
                "keyturn.device.registered data at sealedStagingKey: ciphertext must be standard Base64");
    }

    @Test
    void refusesAnIdThatIsNotACanonicalUuid() {
        EventRecord record = structured(root -> root.put("id", "1-1-1-1-1"));
        assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD, "id must be a UUID");
    }

    @Test
    void refusesASourceOutsideKeyturn() {
        EventRecord record = structured(root -> root.put("source", "https://example.com/elsewhere"));
        assertRefused(() -> codec.fromJson(record.value()), Reason.INVALID_FIELD, "source must be /keyturn/<service>");
    }

    @Test
    void refusesABinaryHeaderThatIsNotUtf8() {
        EventRecord good = codec.encode(confirmed, ContentMode.BINARY);
        Map<String, byte[]> headers = new LinkedHashMap<>(good.headers());
        headers.put("ce_source", new byte[] {(byte) 0xC3, (byte) 0x28});
        EventRecord bad = new EventRecord(good.topic(), good.key(), headers, good.value());
        assertRefused(() -> codec.decode(bad), Reason.MALFORMED_EVENT, "header 'ce_source' is not UTF-8");
    }

    @Test
    void decodesToTheExpectedPayloadTypeOrSaysWhichTypeItGot() {
        EventRecord record = codec.encode(confirmed);
        CloudEvent<RotationConfirmed> typed = codec.decode(record, RotationConfirmed.class);
        assertThat(typed.data().generation()).isEqualTo(8);
        assertRefused(() -> codec.decode(record, RotationIssued.class), Reason.UNEXPECTED_TYPE,
                "keyturn.rotation.confirmed 0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c04 is not a keyturn.rotation.issued");
    }

    @Test
    void keysADenialWithoutAMacByItsCleanedPath() {
        DeliveryDenied denied = new DeliveryDenied("/x\r\nInjected: 1", null, io.keyturn.events.delivery.DeliveryProtocol.HTTP,
                "192.0.2.1", null, DenialReason.NOT_FOUND, null, Instant.EPOCH);
        EventRecord record = codec.encode(CloudEvent.of(Sources.DELIVERY_SERVICE, denied, Clock.systemUTC()));
        assertThat(record.key()).isEqualTo("/x\uFFFD\uFFFDInjected: 1");
        assertThat(codec.decode(record).data()).isEqualTo(denied);
    }

    @Test
    void recordToStringShowsNeitherValueNorHeaderValues() {
        CloudEvent<?> published = GoldenEvents.all().get(EventTypes.PROFILE_PUBLISHED);
        EventRecord record = codec.encode(published, ContentMode.BINARY);
        assertThat(record.toString())
                .contains("topic=keyturn.profiles", "key=000e08aabbcc", "ce_type", "bytes sha256:")
                .doesNotContain(GoldenEvents.CHAIN_CONTENT.substring(0, 24))
                .doesNotContain("keyturn.profile.published");
    }

    @Test
    void recordsWithEqualPartsAreEqualWhateverTheHeaderOrder() {
        Map<String, byte[]> forward = new LinkedHashMap<>();
        forward.put("a", new byte[] {1});
        forward.put("b", new byte[] {2});
        Map<String, byte[]> backward = new LinkedHashMap<>();
        backward.put("b", new byte[] {2});
        backward.put("a", new byte[] {1});
        EventRecord one = new EventRecord("t", "k", forward, new byte[] {3});
        EventRecord two = new EventRecord("t", "k", backward, new byte[] {3});
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(new EventRecord("t", "k", forward, new byte[] {4}));
    }

    @Test
    void recordCannotBeChangedThroughTheArraysItWasGivenOrGave() {
        byte[] value = {1, 2, 3};
        EventRecord record = new EventRecord("t", "k", Map.of(), value);
        value[0] = 9;
        record.value()[1] = 9;
        assertThat(record.value()).containsExactly(1, 2, 3);
    }

    private EventRecord structured(Consumer<ObjectNode> change) {
        return structured(confirmed, change);
    }

    private EventRecord structured(CloudEvent<?> event, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) PLAIN.readTree(codec.toJson(event));
            change.accept(root);
            return new EventRecord(event.topic(), event.subject(),
                    Map.of("content-type", CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(UTF_8)),
                    PLAIN.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable assertRefused(ThrowingCallable call, Reason reason, String messagePart) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EventContractException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    caught[0] = e;
                })
                .hasMessageContaining(messagePart);
        return caught[0];
    }
}
