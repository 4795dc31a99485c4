package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.keyturn.events.device.TemplateRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the published JSON Schemas (draft 2020-12) in step with the payload records: same fields,
 * same enum values, same required fields, and every event a producer can emit passes its schema.
 * The records stay the authority for rules a schema cannot express (a SHA-256 matching the content).
 */
class SchemaTest {

    private static final ObjectMapper JSON = EventJson.newObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Class<?>> DEFS = Map.of("SealedSecret", SealedSecret.class, "TemplateRef", TemplateRef.class);
    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    static Stream<EventType<?>> types() {
        return EventTypes.all().stream();
    }

    /** The golden payload of every type plus the variants, as (type, data JSON). */
    static Stream<Arguments> validPayloads() {
        List<Arguments> all = new ArrayList<>();
        GoldenEvents.all().forEach((type, event) -> all.add(Arguments.of(type, JSON.valueToTree(event.data()))));
        for (EventData data : GoldenEvents.variants()) {
            all.add(Arguments.of(EventTypes.of(data.getClass()), JSON.valueToTree(data)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void goldenDataConformsToItsSchema(EventType<?> type) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(GoldenEvents.goldenJson(type));
        assertThat(errors(type, golden.get("data"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaIdIsTheDataschemaUriOfItsType(EventType<?> type) {
        JsonNode schema = schemaJson(type);
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asText()).isEqualTo(type.dataschema().toString());
        assertThat(schema.get("title").asText()).startsWith(type.type() + " ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaPropertiesAreTheRecordComponentsInOrder(EventType<?> type) {
        JsonNode schema = schemaJson(type);
        assertThat(names(schema.get("properties"))).containsExactlyElementsOf(components(type.dataClass()));
        JsonNode defs = schema.path("$defs");
        for (Iterator<String> it = defs.fieldNames(); it.hasNext(); ) {
            String def = it.next();
            assertThat(DEFS).as("$defs/%s names a contract record", def).containsKey(def);
            assertThat(names(defs.get(def).get("properties"))).containsExactlyElementsOf(components(DEFS.get(def)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaEnumsListTheJavaEnumCodesInOrder(EventType<?> type) {
        JsonNode properties = schemaJson(type).get("properties");
        for (RecordComponent component : type.dataClass().getRecordComponents()) {
            JsonNode declared = properties.get(component.getName()).get("enum");
            if (component.getType().isEnum()) {
                List<String> codes = Arrays.stream(component.getType().getEnumConstants())
                        .map(c -> JSON.valueToTree(c).asText()).toList();
                assertThat(declared).as(component.getName()).isNotNull();
                assertThat(texts(declared)).as(component.getName()).containsExactlyElementsOf(codes);
            } else {
                assertThat(declared).as(component.getName()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validPayloads")
    void everyValidPayloadConformsToItsSchema(EventType<?> type, JsonNode data) {
        assertThat(errors(type, data)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validPayloads")
    void schemaAndRecordAgreeOnWhichFieldsMayBeLeftOut(EventType<?> type, JsonNode data) {
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            ObjectNode without = data.deepCopy();
            without.remove(field);
            assertThat(errors(type, without).isEmpty())
                    .as("%s without %s: schema accepts = record accepts", type.type(), field)
                    .isEqualTo(recordAccepts(type, without));
        }
    }

    /** Values every schema and record must refuse wherever the field appears. */
    static Stream<Arguments> invalidValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, List<JsonNode>> table = new LinkedHashMap<>();
        table.put("mac", List.of(f.textNode("000E08AABBCC"), f.textNode("000e08aabbc"), f.textNode("00:0e:08:aa:bb:cc"),
                f.numberNode(1)));
        table.put("generation", List.of(f.numberNode(0), f.numberNode(-1), f.textNode("8"), f.numberNode(1.5)));
        table.put("keyFingerprint", List.of(f.textNode("aa675736027089dee7e6c7b18596ba4745f40b8c43066ce7324a6302fc358374"),
                f.textNode("sha256:AA675736027089DEE7E6C7B18596BA4745F40B8C43066CE7324A6302FC358374"), f.textNode("sha256:")));
        table.put("sha256", List.of(f.textNode("F102BC58170447FC68CA3B18F18A5EABE6336EC7344003E7E681D2AE81AB385D"),
                f.textNode("f102bc58")));
        table.put("path", List.of(f.textNode("profile/x/spa962.cfg"), f.textNode("/profile/../spa962.cfg"),
                f.textNode("/profile/x y/spa962.cfg")));
        table.put("sourceAddress", List.of(f.textNode("prov.example.net"), f.textNode("300.1.2.3"), f.textNode("")));
        table.put("campaignId", List.of(f.textNode(""), f.textNode("with space")));
        table.put("detail", List.of(f.numberNode(5), f.booleanNode(true), f.textNode(""), f.textNode("a\nb")));
        table.put("durationMillis", List.of(f.textNode("38"), f.booleanNode(false)));
        table.put("version", List.of(f.numberNode(0)));
        table.put("bytes", List.of(f.numberNode(-1)));
        table.put("cause", List.of(f.textNode("MANUAL"), f.textNode("whim")));
        table.put("bootstrapMode", List.of(f.textNode("staging_key"), f.textNode("tftp")));
        table.put("kind", List.of(f.textNode("CHAIN"), f.textNode("firmware")));
        table.put("protocol", List.of(f.textNode("ftp")));
        table.put("issuedAt", List.of(f.textNode("2026-11-26 10:00:00"), f.textNode("2026-11-26T10:00:00"), f.numberNode(0)));
        table.put("content", List.of(f.textNode("not base64!")));
        table.put("params", List.of(obj("GPP_A", f.textNode("x")), obj("gpp_sa", f.textNode("x")), obj("1bad", f.textNode("x"))));
        List<Arguments> cases = new ArrayList<>();
        validPayloads().forEach(args -> {
            EventType<?> type = (EventType<?>) args.get()[0];
            JsonNode data = (JsonNode) args.get()[1];
            table.forEach((field, values) -> {
                // A denial keeps whatever path the client sent (cleaned), so no path is invalid there.
                boolean untrusted = type == EventTypes.DELIVERY_DENIED && field.equals("path");
                if (data.has(field) && !untrusted) {
                    for (JsonNode value : values) {
                        ObjectNode bad = data.deepCopy();
                        bad.set(field, value);
                        cases.add(Arguments.of(type, field + "=" + value, bad));
                    }
                }
            });
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidValues")
    void schemaAndRecordBothRefuseAnInvalidValue(EventType<?> type, String change, JsonNode data) {
        assertThat(errors(type, data)).as("schema errors for %s %s", type.type(), change).isNotEmpty();
        assertThat(recordAccepts(type, data)).as("record accepts %s %s", type.type(), change).isFalse();
    }

    static Stream<Arguments> seededMutations() {
        Random random = new Random(SEED);
        List<Arguments> golden = validPayloads().toList();
        return IntStream.range(0, 500).mapToObj(i -> {
            Object[] pick = golden.get(random.nextInt(golden.size())).get();
            return Arguments.of(pick[0], i, mutate((JsonNode) pick[1], random));
        });
    }

    /**
     * Whatever a record accepts, a producer can emit; the schema must accept what it emits. Random
     * mutations of valid payloads, from a fixed seed ({@code -Dkeyturn.seed=N} to change it).
     */
    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("seededMutations")
    void whateverTheRecordAcceptsItsSchemaAccepts(EventType<?> type, int index, JsonNode mutated) {
        EventData data;
        try {
            data = JSON.treeToValue(mutated, type.dataClass());
        } catch (IOException | RuntimeException refused) {
            return;
        }
        JsonNode emitted = JSON.valueToTree(data);
        assertThat(errors(type, emitted)).as("seed %d case %d: %s", SEED, index, emitted).isEmpty();
    }

    /** Guards the test above against vacuity: many mutations must still be valid events. */
    @Test
    void seededMutationsIncludeManyEventsTheRecordAccepts() {
        long accepted = seededMutations()
                .filter(args -> recordAccepts((EventType<?>) args.get()[0], (JsonNode) args.get()[2]))
                .count();
        assertThat(accepted).as("seed %d", SEED).isGreaterThan(100);
    }

    /** Every value each field name has across the valid payloads of all types. */
    private static final Map<String, List<JsonNode>> DONORS = new LinkedHashMap<>();

    static {
        validPayloads().forEach(args -> ((JsonNode) args.get()[1]).properties().forEach(
                field -> DONORS.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue())));
    }

    private static JsonNode mutate(JsonNode data, Random random) {
        ObjectNode copy = data.deepCopy();
        List<String> fields = names(copy);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            String field = fields.get(random.nextInt(fields.size()));
            JsonNode[] pool = {
                JsonNodeFactory.instance.textNode(""), JsonNodeFactory.instance.textNode(" "),
                JsonNodeFactory.instance.textNode("000e08aabbcc"), JsonNodeFactory.instance.textNode("/spa962.cfg"),
                JsonNodeFactory.instance.textNode("2026-11-26T10:00:00+01:00"), JsonNodeFactory.instance.textNode("::1"),
                JsonNodeFactory.instance.textNode("other"), JsonNodeFactory.instance.textNode("stage0"),
                JsonNodeFactory.instance.textNode("x\u0007y\u202Ez"), JsonNodeFactory.instance.textNode("a".repeat(600)),
                JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(1),
                JsonNodeFactory.instance.numberNode(99), JsonNodeFactory.instance.numberNode(-5),
                JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode(),
            };
            int roll = random.nextInt(10);
            if (roll < 2) {
                copy.remove(field);
            } else if (roll < 7 && DONORS.containsKey(field)) {
                // A value this field has in another valid payload: keeps many mutants valid, and
                // mixes branches (a stage0 kind with a MAC, a campaign cause without a campaign).
                List<JsonNode> donors = DONORS.get(field);
                copy.set(field, donors.get(random.nextInt(donors.size())));
            } else {
                copy.set(field, pool[random.nextInt(pool.length)]);
            }
        }
        return copy;
    }

    private static boolean recordAccepts(EventType<?> type, JsonNode data) {
        try {
            JSON.treeToValue(data, type.dataClass());
            return true;
        } catch (IOException | RuntimeException refused) {
            return false;
        }
    }

    private static List<Error> errors(EventType<?> type, JsonNode data) {
        Schema schema = REGISTRY.getSchema(schemaJson(type));
        return schema.validate(data);
    }

    private static JsonNode schemaJson(EventType<?> type) {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema resource %s", type.schemaResource()).isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode obj(String name, JsonNode value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set(name, value);
        return node;
    }

    private static List<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        ((ArrayNode) array).forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
