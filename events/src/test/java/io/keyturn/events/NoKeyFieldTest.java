package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Payloads carry key fingerprints, never keys (DESIGN.md §3, HOUSE-STYLE.md Events). This guards the
 * shape of the contract so that a field added later cannot carry a key by accident: every field,
 * at any depth, whose name speaks of a key or secret must be a fingerprint, a key id, or sealed.
 */
class NoKeyFieldTest {

    /** Names that suggest key material or another secret. */
    private static final Pattern SENSITIVE =
            Pattern.compile("(key|secret|passphrase|password|passwd|private|plaintext|credential|token|salt|iv)s?");
    /** The only field names allowed to match, with the one type each must have. */
    private static final Map<String, Class<?>> ALLOWED = Map.of(
            "keyFingerprint", KeyFingerprint.class,
            "recipientKeyId", String.class);

    static Stream<Class<?>> payloads() {
        return EventTypes.all().stream().map(EventType::dataClass);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void everySensitiveFieldIsAFingerprintAKeyIdOrSealed(Class<?> payload) {
        List<String> offenders = new ArrayList<>();
        walk(payload, payload.getSimpleName(), new LinkedHashSet<>(), offenders);
        assertThat(offenders).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void noPayloadHoldsRawBytesOrCharacters(Class<?> payload) {
        List<String> raw = new ArrayList<>();
        collectRaw(payload, payload.getSimpleName(), new LinkedHashSet<>(), raw);
        assertThat(raw).as("byte[] and char[] fields could carry anything unnoticed").isEmpty();
    }

    @Test
    void everyJsonMemberNameOfEveryGoldenEventPassesTheSameRule() {
        ObjectMapper json = new ObjectMapper();
        List<String> offenders = new ArrayList<>();
        GoldenEvents.all().forEach((type, event) -> {
            try {
                JsonNode root = json.readTree(new CloudEventCodec().toJson(event));
                checkNames(root.get("data"), type.type(), offenders);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(offenders).isEmpty();
    }

    @Test
    void theRuleCatchesAFieldThatCouldLeakAKey() {
        record Leaky(String mac, String stagingKey, SealedSecret sealedPassword, String passphraseHint, List<String> keys) {
        }
        List<String> offenders = new ArrayList<>();
        walk(Leaky.class, "Leaky", new LinkedHashSet<>(), offenders);
        assertThat(offenders).containsExactlyInAnyOrder("Leaky.stagingKey", "Leaky.passphraseHint", "Leaky.keys");
    }

    private static void walk(Class<?> record, String path, Set<Class<?>> seen, List<String> offenders) {
        if (!record.isRecord() || !seen.add(record)) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            String where = path + "." + name;
            if (isSensitive(name) && !isAllowed(name, component)) {
                offenders.add(where);
            }
            if (component.getType() == SealedSecret.class && !name.startsWith("sealed")) {
                offenders.add(where + " (a SealedSecret must be named sealed...)");
            }
            for (Class<?> nested : typesIn(component.getGenericType())) {
                if (nested == SealedSecret.class && !name.startsWith("sealed")) {
                    offenders.add(where + " (holds SealedSecret values, so must be named sealed...)");
                }
                walk(nested, where, seen, offenders);
            }
        }
    }

    private static boolean isAllowed(String name, RecordComponent component) {
        if (name.startsWith("sealed")) {
            return typesIn(component.getGenericType()).contains(SealedSecret.class);
        }
        return ALLOWED.get(name) == component.getType();
    }

    private static boolean isSensitive(String name) {
        // Split camelCase into words so that "ivory" or "salted" are not flagged but "iv" and "salt" are.
        for (String word : name.split("(?<=[a-z0-9])(?=[A-Z])")) {
            if (SENSITIVE.matcher(word.toLowerCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return SENSITIVE.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static void collectRaw(Class<?> record, String path, Set<Class<?>> seen, List<String> raw) {
        if (!record.isRecord() || !seen.add(record)) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getType() == byte[].class || component.getType() == char[].class) {
                raw.add(path + "." + component.getName());
            }
            for (Class<?> nested : typesIn(component.getGenericType())) {
                collectRaw(nested, path + "." + component.getName(), seen, raw);
            }
        }
    }

    /** The class of a field and the classes of its type arguments (List<TemplateRef>, Map<String, SealedSecret>). */
    private static Set<Class<?>> typesIn(Type type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        if (type instanceof Class<?> c) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            out.addAll(typesIn(p.getRawType()));
            for (Type argument : p.getActualTypeArguments()) {
                out.addAll(typesIn(argument));
            }
        }
        return out;
    }

    private static void checkNames(JsonNode node, String path, List<String> offenders) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String name = field.getKey();
                boolean parameterName = path.endsWith(".params") || path.endsWith(".sealedParams");
                if (!parameterName && isSensitive(name) && !ALLOWED.containsKey(name) && !name.startsWith("sealed")) {
                    offenders.add(path + "." + name);
                }
                checkNames(field.getValue(), path + "." + name, offenders);
            });
        } else if (node.isArray()) {
            node.forEach(element -> checkNames(element, path + "[]", offenders));
        }
    }
}
