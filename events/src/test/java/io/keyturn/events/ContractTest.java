package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 4 contract tests (HOUSE-STYLE.md): one golden JSON per CloudEvent type. The producer side
 * must write it, the consumer side must read it back to the same event.
 */
class ContractTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private final CloudEventCodec codec = new CloudEventCodec();

    static Stream<EventType<?>> types() {
        return EventTypes.all().stream();
    }

    @Test
    void everyRegisteredTypeHasOneGoldenFileAndEveryGoldenFileARegisteredType() throws IOException, URISyntaxException {
        Path dir = Path.of(ContractTest.class.getResource("/events").toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected = types().map(t -> t.type() + ".json").sorted().toList();
        assertThat(files).isEqualTo(expected);
        assertThat(GoldenEvents.all().keySet()).containsExactlyElementsOf(EventTypes.all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void producerWritesTheGoldenJson(EventType<?> type) throws IOException {
        JsonNode written = PLAIN.readTree(codec.toJson(GoldenEvents.all().get(type)));
        JsonNode golden = PLAIN.readTree(GoldenEvents.goldenJson(type));
        assertThat(written).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void consumerReadsTheGoldenBackToTheSameEvent(EventType<?> type) {
        CloudEvent<?> read = codec.fromJson(GoldenEvents.goldenJson(type));
        assertThat(read).isEqualTo(GoldenEvents.all().get(type));
        assertThat(read.type()).isEqualTo(type.type());
        assertThat(read.dataschema()).isEqualTo(type.dataschema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void producerWritesEnvelopeAttributesInSpecOrderAndDataInRecordComponentOrder(EventType<?> type)
            throws IOException {
        JsonNode written = PLAIN.readTree(codec.toJson(GoldenEvents.all().get(type)));
        assertThat(names(written)).containsExactly("specversion", "id", "source", "type", "subject", "time",
                "datacontenttype", "dataschema", "data");
        List<String> components = Arrays.stream(type.dataClass().getRecordComponents())
                .map(c -> c.getName()).toList();
        List<String> dataFields = names(written.get("data"));
        // Absent optional fields are left out; the rest keep the declared order.
        assertThat(components).containsSubsequence(dataFields);
        assertThat(dataFields).containsExactlyElementsOf(components.stream().filter(dataFields::contains).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenSubjectIsTheRecordKeyOfTheStructuredRecord(EventType<?> type) {
        EventRecord record = codec.encode(GoldenEvents.all().get(type));
        assertThat(record.topic()).isEqualTo(type.topic());
        // Per-device events are keyed by MAC; a template's by its id, so its versions stay in order; a server
        // certificate's warning by its CN.
        String expectedKey = type == EventTypes.TEMPLATE_PUBLISHED ? "group/region/north"
                : type == EventTypes.DELIVERY_CERTIFICATE_EXPIRING
                        ? "prov.acme-telecom.example/mailto:noc@acme-telecom.example" : GoldenEvents.MAC;
        assertThat(record.key()).isEqualTo(expectedKey);
        assertThat(codec.decode(record)).isEqualTo(GoldenEvents.all().get(type));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
