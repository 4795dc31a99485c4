package io.keyturn.deploycheck;

import static io.keyturn.deploycheck.ManifestRules.REFERENCES;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Cross-object references: the names in one object that must resolve to another. */
final class References {

    private References() {
    }

    /**
     * The keys each ConfigMap and Secret provides, by name: ConfigMaps by their data, Secret templates by their
     * expected-keys annotation, and the Secrets that Strimzi and CloudNativePG write for the objects here.
     */
    static Map<String, Set<String>> configMapKeys(List<Manifest> manifests) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Manifest m : manifests) {
            if (m.kind().equals("ConfigMap")) {
                Set<String> names = new LinkedHashSet<>(ManifestRules.fieldNames(m.tree().path("data")));
                names.addAll(ManifestRules.fieldNames(m.tree().path("binaryData")));
                keys.put(m.name(), names);
            }
        }
        return keys;
    }

    static Map<String, Set<String>> secretKeys(List<Manifest> manifests) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Manifest m : manifests) {
            switch (m.kind()) {
                case "Secret" -> keys.put(m.name(), ManifestRules.expectedKeys(m));
                case "KafkaUser" -> keys.put(m.name(), Set.of("password", "sasl.jaas.config"));
                case "Kafka" -> keys.put(m.name() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
                case "Cluster" -> {
                    if (m.apiVersion().startsWith("postgresql.cnpg.io/")) {
                        keys.put(m.name() + "-ca", Set.of("ca.crt", "ca.key"));
                    }
                }
                default -> {
                }
            }
        }
        return keys;
    }

    static List<Violation> check(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Set<String>> configMaps = configMapKeys(manifests);
        Map<String, Set<String>> secrets = secretKeys(manifests);
        Set<String> serviceAccounts = new LinkedHashSet<>();
        manifests.stream().filter(m -> m.kind().equals("ServiceAccount")).forEach(m -> serviceAccounts.add(m.name()));

        for (Manifest m : manifests) {
            JsonNode template = m.podTemplate();
            if (template.isMissingNode()) {
                continue;
            }
            JsonNode pod = template.path("spec");
            String account = pod.path("serviceAccountName").asText("");
            if (account.isEmpty() || !serviceAccounts.contains(account)) {
                violations.add(new Violation(REFERENCES, m.where(), "runs as service account '" + account
                        + "', which no ServiceAccount here defines"));
            }
            Set<String> volumeNames = new LinkedHashSet<>();
            for (JsonNode volume : pod.path("volumes")) {
                volumeNames.add(volume.path("name").asText());
                if (volume.has("configMap")) {
                    resolve(m, "volume " + volume.path("name").asText(), "ConfigMap", configMaps,
                            volume.path("configMap").path("name").asText(), itemKeys(volume.path("configMap")),
                            volume.path("configMap").path("optional").asBoolean(false), violations);
                }
                if (volume.has("secret")) {
                    resolve(m, "volume " + volume.path("name").asText(), "Secret", secrets,
                            volume.path("secret").path("secretName").asText(), itemKeys(volume.path("secret")),
                            volume.path("secret").path("optional").asBoolean(false), violations);
                }
            }
            for (JsonNode container : ManifestRules.containers(pod, true)) {
                String name = "container " + container.path("name").asText();
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (!volumeNames.contains(mount.path("name").asText())) {
                        violations.add(new Violation(REFERENCES, m.where(), name + " mounts volume '"
                                + mount.path("name").asText() + "', which the pod does not define"));
                    }
                }
                for (JsonNode source : container.path("envFrom")) {
                    if (source.has("configMapRef")) {
                        resolve(m, name + " envFrom", "ConfigMap", configMaps,
                                source.path("configMapRef").path("name").asText(), Set.of(),
                                source.path("configMapRef").path("optional").asBoolean(false), violations);
                    }
                    if (source.has("secretRef")) {
                        resolve(m, name + " envFrom", "Secret", secrets,
                                source.path("secretRef").path("name").asText(), Set.of(),
                                source.path("secretRef").path("optional").asBoolean(false), violations);
                    }
                }
                for (JsonNode variable : container.path("env")) {
                    JsonNode from = variable.path("valueFrom");
                    String what = name + " env " + variable.path("name").asText();
                    if (from.has("configMapKeyRef")) {
                        JsonNode ref = from.path("configMapKeyRef");
                        resolve(m, what, "ConfigMap", configMaps, ref.path("name").asText(),
                                Set.of(ref.path("key").asText()), ref.path("optional").asBoolean(false), violations);
                    }
                    if (from.has("secretKeyRef")) {
                        JsonNode ref = from.path("secretKeyRef");
                        resolve(m, what, "Secret", secrets, ref.path("name").asText(),
                                Set.of(ref.path("key").asText()), ref.path("optional").asBoolean(false), violations);
                    }
                }
            }
        }
        checkSelectors(manifests, violations);
        return violations;
    }

    private static Set<String> itemKeys(JsonNode source) {
        Set<String> keys = new LinkedHashSet<>();
        source.path("items").forEach(item -> keys.add(item.path("key").asText()));
        return keys;
    }

    private static void resolve(Manifest m, String what, String kind, Map<String, Set<String>> known, String name,
            Set<String> keys, boolean optional, List<Violation> violations) {
        if (optional) {
            return;
        }
        Set<String> provided = known.get(name);
        if (provided == null) {
            violations.add(new Violation(REFERENCES, m.where(), what + " reads " + kind + " '" + name
                    + "', which is neither defined here nor written by an operator for an object here"));
            return;
        }
        for (String key : keys) {
            if (!provided.contains(key)) {
                violations.add(new Violation(REFERENCES, m.where(), what + " reads key '" + key + "' of " + kind
                        + " '" + name + "', which provides only " + provided));
            }
        }
    }

    /** Services, PodDisruptionBudgets, ServiceMonitors, HPAs and Ingresses each point at something real. */
    private static void checkSelectors(List<Manifest> manifests, List<Violation> violations) {
        List<Manifest> workloads = manifests.stream().filter(m -> !m.podTemplate().isMissingNode()).toList();
        for (Manifest m : manifests) {
            switch (m.kind()) {
                case "Service" -> {
                    Optional<Manifest> target = selected(workloads, m.spec().path("selector"));
                    if (target.isEmpty()) {
                        violations.add(new Violation(REFERENCES, m.where(), "selects no pod template"));
                        break;
                    }
                    Set<String> portNames = new LinkedHashSet<>();
                    for (JsonNode c : ManifestRules.containers(target.get().podTemplate().path("spec"), false)) {
                        c.path("ports").forEach(p -> portNames.add(p.path("name").asText()));
                    }
                    for (JsonNode port : m.spec().path("ports")) {
                        JsonNode targetPort = port.path("targetPort");
                        if (targetPort.isTextual() && !portNames.contains(targetPort.asText())) {
                            violations.add(new Violation(REFERENCES, m.where(), "port " + port.path("name").asText()
                                    + " targets '" + targetPort.asText() + "', which no container port is named"));
                        }
                    }
                }
                case "PodDisruptionBudget" -> {
                    if (selected(workloads, m.spec().path("selector").path("matchLabels")).isEmpty()) {
                        violations.add(new Violation(REFERENCES, m.where(), "selects no pod template"));
                    }
                }
                case "ServiceMonitor" -> {
                    JsonNode selector = m.spec().path("selector").path("matchLabels");
                    List<Manifest> services = manifests.stream().filter(s -> s.kind().equals("Service")
                            && matches(selector, s.labels())).toList();
                    if (services.isEmpty()) {
                        violations.add(new Violation(REFERENCES, m.where(), "selects no Service"));
                    }
                    for (JsonNode endpoint : m.spec().path("endpoints")) {
                        String port = endpoint.path("port").asText();
                        boolean named = services.stream().anyMatch(s -> {
                            for (JsonNode p : s.spec().path("ports")) {
                                if (p.path("name").asText().equals(port)) {
                                    return true;
                                }
                            }
                            return false;
                        });
                        if (!services.isEmpty() && !named) {
                            violations.add(new Violation(REFERENCES, m.where(), "scrapes port '" + port
                                    + "', which the selected Service does not name"));
                        }
                    }
                }
                case "HorizontalPodAutoscaler" -> {
                    JsonNode ref = m.spec().path("scaleTargetRef");
                    if (manifests.stream().noneMatch(t -> t.is(ref.path("kind").asText(), ref.path("name").asText()))) {
                        violations.add(new Violation(REFERENCES, m.where(), "scales " + ref.path("kind").asText()
                                + "/" + ref.path("name").asText() + ", which is not defined here"));
                    }
                }
                case "Ingress" -> {
                    for (JsonNode rule : m.spec().path("rules")) {
                        for (JsonNode path : rule.path("http").path("paths")) {
                            JsonNode backend = path.path("backend").path("service");
                            String service = backend.path("name").asText();
                            String port = backend.path("port").path("name").asText(null);
                            Optional<Manifest> target = manifests.stream()
                                    .filter(s -> s.is("Service", service)).findFirst();
                            if (target.isEmpty()) {
                                violations.add(new Violation(REFERENCES, m.where(), "routes to Service '" + service
                                        + "', which is not defined here"));
                            } else if (port != null && !namesPort(target.get(), port)) {
                                violations.add(new Violation(REFERENCES, m.where(), "routes to port '" + port
                                        + "' of Service '" + service + "', which it does not name"));
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean namesPort(Manifest service, String port) {
        for (JsonNode p : service.spec().path("ports")) {
            if (p.path("name").asText().equals(port)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Manifest> selected(List<Manifest> workloads, JsonNode selector) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return Optional.empty();
        }
        return workloads.stream()
                .filter(w -> matches(selector, w.podTemplate().path("metadata").path("labels")))
                .findFirst();
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!labels.path(entry.getKey()).asText("\u0000").equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }
}
