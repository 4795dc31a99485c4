package io.keyturn.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.testsupport.TestIssuer;
import io.keyturn.testsupport.contract.OperatorApiRoleContract.Operation;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the request bodies of a service's operator API. For every operation of its OpenAPI document that takes a
 * body, it builds a well-formed body from the operation's schema and sends it with seeded mutations: wrong types,
 * nulls, huge and unicode strings, injection text, unknown and missing fields, deep nesting, broken JSON, bytes that
 * are not UTF-8, and a body of another content type. The token carries every keyturn role, so each body reaches the
 * operation's own checks. Every answer must be below 500, and every 4xx an RFC 9457 problem; afterwards the service
 * is still ready. Extended by each service's {@code OperatorApiFuzzIT}; replay with {@code -Dkeyturn.seed=N}, run
 * longer with {@code -Dkeyturn.fuzz.bodies=N} (bodies per operation).
 */
public abstract class OperatorApiFuzzContract {

    private static final long SEED = Long.getLong("keyturn.seed", 20261127L);
    private static final int BODIES = Integer.getInteger("keyturn.fuzz.bodies", 30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HOSTILE = {"", " ", "\u0000", "x'; DROP TABLE device; --", "\" OR 1=1 --",
        "<script>alert(1)</script>", "../../../etc/passwd", "%00", "${jndi:ldap://x/a}", "Zürich-☎-\uD83D\uDCDE",
        "\u202Eevil", "\uFEFF", "-1", "1e999", "NaN", "null", "true", "9223372036854775808", "0x7fffffff",
        "a/b//c", "/", "*", "000e08aabbcc", "00:0E:08:AA:BB:CC", "SPA962", "2026-13-45T99:99:99Z", "P-1D",
        "5c3e4d1a-7b7e-4f0e-9a57-0d2f6c1e9b11"};

    /** Operations not fuzzed, by {@link Operation#name()}, each with the reason in a comment where it is listed. */
    protected Set<String> notFuzzed() {
        return Set.of();
    }

    /** Path values, as {@link OperatorApiRoleContract#pathValues()}. */
    protected Map<String, String> pathValues() {
        return Map.of();
    }

    /** Operations the document cannot list, as {@link OperatorApiRoleContract#undocumentedOperations()}. */
    protected List<Operation> undocumentedOperations() {
        return List.of();
    }

    @Test
    void answersEveryMalformedBodyWithAProblemAndNeverAServerError() {
        OpenApiWalk walk = OpenApiWalk.read(pathValues(), undocumentedOperations());
        String bearer = TestIssuer.get().bearer("fuzz", RoleTable.ROLES.toArray(String[]::new));
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int fuzzed = 0;
        for (Operation o : walk.operations()) {
            if (o.contentType() == null || notFuzzed().contains(o.name())) {
                continue;
            }
            fuzzed++;
            Random random = new Random(SEED ^ o.name().hashCode());
            Map<?, ?> schema = walk.bodies().get(o.name());
            Object valid = schema == null ? Map.of() : example(walk, schema, random, 0);
            for (int i = 0; i < BODIES; i++) {
                Body body = mutate(walk, valid, schema, o.contentType(), random);
                Response r = send(o, bearer, body);
                int status = r.statusCode();
                statuses.merge(o.name() + " " + status, 1, Integer::sum);
                String type = r.contentType();
                if (status >= 500) {
                    wrong.add(o.name() + " answered " + status + " to " + body.describe() + ": "
                            + abbreviate(r.asString()));
                } else if (status >= 400 && status != 405 && (type == null
                        || !type.startsWith("application/problem+json"))) {
                    wrong.add(o.name() + " answered " + status + " " + type + " (not a problem) to " + body.describe());
                }
            }
        }
        System.out.printf("operator API fuzz, seed %d, %d bodies per operation: %s%n", SEED, BODIES, statuses);
        assertThat(fuzzed).as("operations with a request body in /q/openapi").isPositive();
        assertThat(wrong).as("seed %d, %d bodies per operation; answers %s", SEED, BODIES, statuses).isEmpty();
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** What is sent: the bytes and the content type they are sent as. */
    record Body(byte[] bytes, String contentType, String how) {

        String describe() {
            return how + " " + abbreviate(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static Response send(Operation o, String bearer, Body body) {
        // Paths such as /api/v1/kek:rewrap must reach the server as written (quarkusio/quarkus#32588).
        RequestSpecification request = given().urlEncodingEnabled(false).redirects().follow(false)
                .header("Authorization", bearer).contentType(body.contentType()).body(body.bytes());
        return request.request(o.method(), o.url());
    }

    /** A value the schema describes, with plausible leaves. */
    private static Object example(OpenApiWalk walk, Map<?, ?> raw, Random random, int depth) {
        Map<?, ?> schema = walk.resolve(raw);
        if (depth > 6) {
            return null;
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.get(random.nextInt(values.size()));
        }
        String type = String.valueOf(schema.get("type"));
        if (schema.get("properties") instanceof Map || "object".equals(type)) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (schema.get("properties") instanceof Map<?, ?> props) {
                props.forEach((name, sub) -> out.put(String.valueOf(name),
                        example(walk, (Map<?, ?>) sub, random, depth + 1)));
            }
            if (schema.get("additionalProperties") instanceof Map<?, ?> extra) {
                out.put("Display_Name_1_", example(walk, extra, random, depth + 1));
            }
            return out;
        }
        if ("array".equals(type)) {
            List<Object> out = new ArrayList<>();
            if (schema.get("items") instanceof Map<?, ?> items) {
                out.add(example(walk, items, random, depth + 1));
            }
            return out;
        }
        if ("integer".equals(type)) {
            return 1 + random.nextInt(100);
        }
        if ("number".equals(type)) {
            return random.nextDouble();
        }
        if ("boolean".equals(type)) {
            return random.nextBoolean();
        }
        return HOSTILE[random.nextInt(HOSTILE.length)];
    }

    @SuppressWarnings("unchecked")
    private static Body mutate(OpenApiWalk walk, Object valid, Map<?, ?> schema, String contentType, Random random) {
        boolean json = contentType.contains("json");
        try {
            switch (random.nextInt(json ? 10 : 4)) {
                case 0: {
                    byte[] b = new byte[random.nextInt(3000)];
                    random.nextBytes(b);
                    return new Body(b, contentType, "random bytes");
                }
                case 1: {
                    byte[] b = JSON.writeValueAsBytes(valid);
                    return new Body(java.util.Arrays.copyOf(b, random.nextInt(b.length + 1)), contentType, "cut");
                }
                case 2:
                    return new Body("x".repeat(200_000 + random.nextInt(600_000)).getBytes(StandardCharsets.US_ASCII),
                            contentType, "huge");
                case 3:
                    return new Body(JSON.writeValueAsBytes(valid), random.nextBoolean() ? "text/plain"
                            : "application/xml", "other content type");
                case 4:
                    return new Body(JSON.writeValueAsBytes(HOSTILE[random.nextInt(HOSTILE.length)]), contentType,
                            "a JSON string instead of an object");
                case 5: {
                    String nested = "[".repeat(2000 + random.nextInt(20_000));
                    return new Body(("{\"a\":" + nested).getBytes(StandardCharsets.US_ASCII), contentType, "deep");
                }
                case 6:
                    return new Body(new byte[] {'{', '"', 'm', 'a', 'c', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                        (byte) 0xFF, '"', '}'}, contentType, "not UTF-8");
                default: {
                    Object copy = JSON.readValue(JSON.writeValueAsBytes(valid), Object.class);
                    if (copy instanceof Map<?, ?> m) {
                        mutateFields((Map<String, Object>) m, random);
                    }
                    return new Body(JSON.writeValueAsBytes(copy), contentType, "fields");
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One to four field mutations: wrong type, null, hostile or huge string, removed, unknown field, nesting. */
    private static void mutateFields(Map<String, Object> body, Random random) {
        List<String> names = new ArrayList<>(body.keySet());
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
            String name = names.isEmpty() ? "unknown" : names.get(random.nextInt(names.size()));
            switch (random.nextInt(8)) {
                case 0 -> body.put(name, null);
                case 1 -> body.put(name, random.nextBoolean() ? random.nextLong() : random.nextBoolean());
                case 2 -> body.put(name, HOSTILE[random.nextInt(HOSTILE.length)]);
                case 3 -> body.put(name, "ÿ".repeat(1 + random.nextInt(70_000)));
                case 4 -> body.remove(name);
                case 5 -> body.put("unknown" + random.nextInt(3), "x");
                case 6 -> body.put(name, List.of(Map.of("a", List.of(1, "b")), "c"));
                default -> body.put(name, Map.of(HOSTILE[random.nextInt(HOSTILE.length)],
                        HOSTILE[random.nextInt(HOSTILE.length)]));
            }
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 160 ? one.substring(0, 160) + "…(" + one.length() + " chars)" : one;
    }
}
