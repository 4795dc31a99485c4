package io.keyturn.testsupport.contract;

import static io.restassured.RestAssured.given;

import io.keyturn.testsupport.contract.OperatorApiRoleContract.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's OpenAPI document ({@code /q/openapi}) read for the contracts that walk it: the operations under
 * {@code /api/} and {@code /internal/} with a callable URL each, and the request-body schemas.
 *
 * @param operations in document order, then the undocumented ones
 * @param bodies each operation's request-body schema by {@link Operation#name()}, references resolved lazily
 * @param schemas the document's {@code components.schemas}
 */
record OpenApiWalk(List<Operation> operations, Map<String, Map<?, ?>> bodies, Map<String, Map<?, ?>> schemas) {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    @SuppressWarnings("unchecked")
    static OpenApiWalk read(Map<String, String> pathValues, List<Operation> undocumented) {
        Map<String, Object> document = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<Operation> out = new ArrayList<>();
        Map<String, Map<?, ?>> bodies = new LinkedHashMap<>();
        paths.forEach((path, item) -> {
            if (!path.startsWith("/api/") && !path.startsWith("/internal/")) {
                return;
            }
            for (String method : METHODS) {
                if (item.get(method) instanceof Map<?, ?> op) {
                    Map<String, Map<?, ?>> parameters = new LinkedHashMap<>();
                    collectPathParameters(item.get("parameters"), parameters);
                    collectPathParameters(op.get("parameters"), parameters);
                    Operation o = new Operation(method.toUpperCase(Locale.ROOT), path,
                            fill(path, parameters, pathValues), contentType(op.get("requestBody")));
                    out.add(o);
                    Map<?, ?> schema = bodySchema(op.get("requestBody"));
                    if (schema != null) {
                        bodies.put(o.name(), schema);
                    }
                }
            }
        });
        out.addAll(undocumented);
        Map<String, Map<?, ?>> schemas = new LinkedHashMap<>();
        if (document.get("components") instanceof Map<?, ?> components
                && components.get("schemas") instanceof Map<?, ?> all) {
            all.forEach((name, schema) -> schemas.put(String.valueOf(name), (Map<?, ?>) schema));
        }
        return new OpenApiWalk(List.copyOf(out), bodies, schemas);
    }

    /** The schema {@code schema} refers to, or itself. */
    Map<?, ?> resolve(Map<?, ?> schema) {
        Object ref = schema.get("$ref");
        if (ref instanceof String r && r.startsWith("#/components/schemas/")) {
            Map<?, ?> target = schemas.get(r.substring("#/components/schemas/".length()));
            return target == null ? Map.of() : target;
        }
        return schema;
    }

    private static void collectPathParameters(Object list, Map<String, Map<?, ?>> into) {
        if (list instanceof List<?> parameters) {
            for (Object p : parameters) {
                if (p instanceof Map<?, ?> m && "path".equals(m.get("in")) && m.get("name") instanceof String name) {
                    into.put(name, m.get("schema") instanceof Map<?, ?> s ? s : Map.of());
                }
            }
        }
    }

    private static String fill(String path, Map<String, Map<?, ?>> parameters, Map<String, String> pathValues) {
        Matcher m = PARAMETER.matcher(path);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(url, Matcher.quoteReplacement(
                    value(name, parameters.getOrDefault(name, Map.of()), pathValues)));
        }
        m.appendTail(url);
        return url.toString();
    }

    /**
     * A path value that reaches the endpoint: the given one, else a MAC for {@code mac}, a UUID for a {@code uuid}
     * format or a name {@code id}, {@code 1} for integers and a plain word otherwise.
     */
    private static String value(String name, Map<?, ?> schema, Map<String, String> pathValues) {
        String given = pathValues.get(name);
        if (given != null) {
            return given;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("mac")) {
            return "000e08c0ffee";
        }
        if ("uuid".equals(schema.get("format")) || lower.equals("id")) {
            return "5c3e4d1a-7b7e-4f0e-9a57-0d2f6c1e9b11";
        }
        if ("integer".equals(schema.get("type"))) {
            return "1";
        }
        return "walk";
    }

    private static String contentType(Object requestBody) {
        if (requestBody instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content
                && !content.isEmpty()) {
            String first = String.valueOf(content.keySet().iterator().next());
            return first.equals("*/*") ? "application/octet-stream" : first;
        }
        return null;
    }

    private static Map<?, ?> bodySchema(Object requestBody) {
        if (requestBody instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content) {
            for (Object media : content.values()) {
                if (media instanceof Map<?, ?> m && m.get("schema") instanceof Map<?, ?> schema) {
                    return schema;
                }
            }
        }
        return null;
    }
}
