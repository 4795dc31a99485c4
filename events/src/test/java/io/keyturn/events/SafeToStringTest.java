package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events end up in logs through {@code toString()}. Whatever an event holds, its text form shows no
 * file content, no sealed ciphertext and no parameter value: sizes, digests and names instead.
 */
class SafeToStringTest {

    static Stream<EventData> payloads() {
        Stream<EventData> golden = GoldenEvents.all().values().stream().map(CloudEvent::data);
        return Stream.concat(golden, GoldenEvents.variants().stream());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("payloads")
    void toStringShowsNoContentCiphertextOrParameterValue(EventData data) {
        JsonNode json = EventJson.newObjectMapper().valueToTree(data);
        List<String> hidden = new ArrayList<>();
        collectHidden(json, "", hidden);
        CloudEvent<?> event = CloudEvent.of(Sources.CRYPTO_SERVICE, data, java.time.Clock.systemUTC());
        for (String value : hidden) {
            assertThat(data.toString()).doesNotContain(value);
            assertThat(event.toString()).doesNotContain(value);
        }
    }

    private static void collectHidden(JsonNode node, String field, List<String> hidden) {
        if (node.isObject()) {
            node.properties().forEach(e -> collectHidden(e.getValue(), e.getKey(), hidden));
            if (field.equals("params")) {
                node.forEach(value -> {
                    if (value.asText().length() >= 4) {
                        hidden.add(value.asText());
                    }
                });
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectHidden(element, field, hidden));
        } else if (field.equals("content") || field.equals("ciphertext")) {
            // A prefix is enough: a dump of any length would contain it.
            hidden.add(node.asText().substring(0, Math.min(12, node.asText().length())));
        }
    }
}
