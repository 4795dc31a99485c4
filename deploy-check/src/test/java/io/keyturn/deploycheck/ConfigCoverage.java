package io.keyturn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every environment variable a service reads in production is set in its Deployment, from its ConfigMap
 * {@code <svc>-config} or its Secret template {@code <svc>-secrets} (or a Secret an operator writes, such as
 * Strimzi's SCRAM credentials).
 */
final class ConfigCoverage {

    static final String RULE = "config-keys";

    private ConfigCoverage() {
    }

    static List<Violation> check(List<Manifest> manifests, ServiceConfig service) {
        List<Violation> violations = new ArrayList<>();
        String svc = service.service();
        Optional<Manifest> deployment = manifests.stream().filter(m -> m.is("Deployment", svc)).findFirst();
        if (deployment.isEmpty()) {
            violations.add(new Violation(RULE, svc, "no Deployment named " + svc + " runs the service of "
                    + service.properties()));
            return violations;
        }
        Manifest d = deployment.get();
        if (manifests.stream().noneMatch(m -> m.is("ConfigMap", svc + "-config"))) {
            violations.add(new Violation(RULE, d.where(), "has no ConfigMap " + svc + "-config"));
        }
        // A service with secrets of its own reads them from its template; one without (the console) names none.
        boolean namesItsSecret = d.tree().toString().contains("\"" + svc + "-secrets\"");
        if (namesItsSecret && manifests.stream().noneMatch(m -> m.is("Secret", svc + "-secrets"))) {
            violations.add(new Violation(RULE, d.where(), "has no Secret template " + svc + "-secrets"));
        }
        Map<String, Set<String>> configMaps = References.configMapKeys(manifests);
        Map<String, Set<String>> secrets = References.secretKeys(manifests);
        for (JsonNode container : ManifestRules.containers(d.podTemplate().path("spec"), false)) {
            Set<String> provided = provided(container, configMaps, secrets);
            for (String variable : service.requiredEnvironment().stream().sorted().toList()) {
                if (!provided.contains(variable)) {
                    violations.add(new Violation(RULE, d.where(), "container " + container.path("name").asText()
                            + " gets no " + variable + ", which " + service.properties()
                            + " reads in production; set it in " + svc + "-config or " + svc + "-secrets"));
                }
            }
        }
        return violations;
    }

    private static Set<String> provided(JsonNode container, Map<String, Set<String>> configMaps,
            Map<String, Set<String>> secrets) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText("");
            if (source.has("configMapRef")) {
                configMaps.getOrDefault(source.path("configMapRef").path("name").asText(), Set.of())
                        .forEach(k -> names.add(prefix + k));
            }
            if (source.has("secretRef")) {
                secrets.getOrDefault(source.path("secretRef").path("name").asText(), Set.of())
                        .forEach(k -> names.add(prefix + k));
            }
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode from = variable.path("valueFrom");
            boolean resolves = variable.has("value")
                    || (from.has("configMapKeyRef") && configMaps.getOrDefault(
                            from.path("configMapKeyRef").path("name").asText(), Set.of())
                            .contains(from.path("configMapKeyRef").path("key").asText()))
                    || (from.has("secretKeyRef") && secrets.getOrDefault(
                            from.path("secretKeyRef").path("name").asText(), Set.of())
                            .contains(from.path("secretKeyRef").path("key").asText()))
                    || from.has("fieldRef") || from.has("resourceFieldRef");
            if (resolves) {
                names.add(variable.path("name").asText());
            }
        }
        return names;
    }
}
