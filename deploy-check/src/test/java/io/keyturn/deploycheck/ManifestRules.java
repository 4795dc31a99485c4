package io.keyturn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The house rules for complete Kubernetes objects (deploy/base as written, or an overlay as rendered). Each
 * rule returns every violation it finds, so one run shows everything that is wrong.
 */
final class ManifestRules {

    static final String LABELS = "labels";
    static final String PROBES = "probes";
    static final String RESOURCES = "resources";
    static final String IMAGES = "images";
    static final String SECURITY = "security-context";
    static final String SECRETS = "secret-values";
    static final String SCHEMA = "schema";
    static final String REFERENCES = "references";
    static final String OPERATORS = "operator-resources";

    static final List<String> REQUIRED_LABELS = List.of(
            "app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/version");
    static final String EXPECTED_KEYS = "keyturn.io/expected-keys";

    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
    private static final Pattern TAG = Pattern.compile(":[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private ManifestRules() {
    }

    /** Every rule over one set of objects. */
    static List<Violation> all(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        violations.addAll(labels(manifests));
        violations.addAll(probes(manifests));
        violations.addAll(resources(manifests));
        violations.addAll(images(manifests));
        violations.addAll(securityContext(manifests));
        violations.addAll(secretValues(manifests));
        violations.addAll(schema(manifests));
        violations.addAll(references(manifests));
        violations.addAll(OperatorResources.check(manifests));
        return violations;
    }

    static List<Violation> labels(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest m : manifests) {
            checkLabels(m, m.labels(), "metadata.labels", violations);
            JsonNode template = m.podTemplate();
            if (!template.isMissingNode() && template != m.tree()) {
                checkLabels(m, template.path("metadata").path("labels"), "pod template labels", violations);
            }
        }
        return violations;
    }

    private static void checkLabels(Manifest m, JsonNode labels, String what, List<Violation> violations) {
        for (String key : REQUIRED_LABELS) {
            if (labels.path(key).asText("").isBlank()) {
                violations.add(new Violation(LABELS, m.where(), what + " lack " + key));
            }
        }
        String partOf = labels.path("app.kubernetes.io/part-of").asText("");
        if (!partOf.isEmpty() && !partOf.equals("keyturn")) {
            violations.add(new Violation(LABELS, m.where(), what + " say part-of=" + partOf + ", not keyturn"));
        }
    }

    static List<Violation> probes(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        forEachContainer(manifests, false, (m, container) -> {
            String name = container.path("name").asText();
            checkProbe(m, name, container.path("livenessProbe"), "livenessProbe", "/q/health/live", violations);
            checkProbe(m, name, container.path("readinessProbe"), "readinessProbe", "/q/health/ready", violations);
            checkProbe(m, name, container.path("startupProbe"), "startupProbe", "/q/health/", violations);
        });
        return violations;
    }

    private static void checkProbe(Manifest m, String container, JsonNode probe, String kind, String pathPrefix,
            List<Violation> violations) {
        if (probe.isMissingNode() || probe.isNull()) {
            violations.add(new Violation(PROBES, m.where(), "container " + container + " has no " + kind));
            return;
        }
        String path = probe.path("httpGet").path("path").asText("");
        if (!path.startsWith(pathPrefix)) {
            violations.add(new Violation(PROBES, m.where(), "container " + container + "'s " + kind
                    + " must GET " + pathPrefix + (pathPrefix.endsWith("/") ? "*" : "") + ", not '" + path + "'"));
        }
    }

    static List<Violation> resources(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        forEachContainer(manifests, true, (m, container) -> {
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(bound).path(resource).asText("").isBlank()) {
                        violations.add(new Violation(RESOURCES, m.where(), "container "
                                + container.path("name").asText() + " sets no " + bound + "." + resource));
                    }
                }
            }
        });
        return violations;
    }

    static List<Violation> images(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        forEachContainer(manifests, true, (m, container) ->
                checkImage(m, "container " + container.path("name").asText(), container.path("image").asText(""),
                        violations));
        for (Manifest m : manifests) {
            if (m.kind().equals("Cluster") && m.apiVersion().startsWith("postgresql.cnpg.io/")
                    && m.spec().has("imageName")) {
                checkImage(m, "spec.imageName", m.spec().path("imageName").asText(""), violations);
            }
        }
        return violations;
    }

    static void checkImage(Manifest m, String what, String image, List<Violation> violations) {
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        boolean digest = DIGEST.matcher(image).find();
        boolean tag = TAG.matcher(lastSegment.split("@")[0]).find();
        if (image.isBlank()) {
            violations.add(new Violation(IMAGES, m.where(), what + " names no image"));
        } else if (lastSegment.split("@")[0].endsWith(":latest")) {
            violations.add(new Violation(IMAGES, m.where(), what + " uses the moving tag latest: " + image));
        } else if (!digest && !tag) {
            violations.add(new Violation(IMAGES, m.where(), what + " pins neither a tag nor a digest: " + image));
        }
    }

    static List<Violation> securityContext(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest m : manifests) {
            JsonNode template = m.podTemplate();
            if (template.isMissingNode()) {
                continue;
            }
            JsonNode pod = template.path("spec");
            JsonNode podContext = pod.path("securityContext");
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                violations.add(new Violation(SECURITY, m.where(), "pod mounts a service-account token"
                        + " (automountServiceAccountToken must be false)"));
            }
            for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(hostAccess).asBoolean(false)) {
                    violations.add(new Violation(SECURITY, m.where(), "pod uses " + hostAccess));
                }
            }
            for (JsonNode container : containers(pod, true)) {
                String name = "container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                if (!effective(context, podContext, "runAsNonRoot").asBoolean(false)) {
                    violations.add(new Violation(SECURITY, m.where(), name + " may run as root (runAsNonRoot)"));
                }
                if (effective(context, podContext, "runAsUser").asLong(-1) == 0) {
                    violations.add(new Violation(SECURITY, m.where(), name + " runs as user 0"));
                }
                if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(new Violation(SECURITY, m.where(), name + " has a writable root filesystem"));
                }
                if (context.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(new Violation(SECURITY, m.where(), name + " allows privilege escalation"));
                }
                if (context.path("privileged").asBoolean(false)) {
                    violations.add(new Violation(SECURITY, m.where(), name + " is privileged"));
                }
                if (!textValues(context.path("capabilities").path("drop")).contains("ALL")) {
                    violations.add(new Violation(SECURITY, m.where(), name + " does not drop ALL capabilities"));
                }
                if (!textValues(context.path("capabilities").path("add")).isEmpty()) {
                    violations.add(new Violation(SECURITY, m.where(), name + " adds capabilities "
                            + textValues(context.path("capabilities").path("add"))));
                }
                if (!effective(context, podContext, "seccompProfile").path("type").asText("")
                        .equals("RuntimeDefault")) {
                    violations.add(new Violation(SECURITY, m.where(), name + " has no RuntimeDefault seccomp profile"));
                }
            }
        }
        return violations;
    }

    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }

    static List<Violation> secretValues(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest m : manifests.stream().filter(x -> x.kind().equals("Secret")).toList()) {
            for (String field : List.of("data", "stringData")) {
                JsonNode values = m.tree().path(field);
                if (!values.isMissingNode() && !values.isNull() && !values.isEmpty()) {
                    violations.add(new Violation(SECRETS, m.where(), "carries " + field + " " + fieldNames(values)
                            + "; a Secret here is a template with no values"));
                } else if (!values.isMissingNode()) {
                    violations.add(new Violation(SECRETS, m.where(), "has an empty " + field
                            + " field; leave it out so values added out of band survive a re-apply"));
                }
            }
            if (expectedKeys(m).isEmpty()) {
                violations.add(new Violation(SECRETS, m.where(), "lists no keys in the annotation " + EXPECTED_KEYS));
            }
        }
        return violations;
    }

    static Set<String> expectedKeys(Manifest m) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : m.tree().path("metadata").path("annotations").path(EXPECTED_KEYS).asText("").split(",")) {
            if (!key.isBlank()) {
                keys.add(key.trim());
            }
        }
        return keys;
    }

    /**
     * Objects of the kinds fabric8 models are read into its classes; a field the class does not know (a typo, a
     * field at the wrong level) lands in an additionalProperties map, which must stay empty.
     */
    static List<Violation> schema(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest m : manifests) {
            if (m.kind().isEmpty() || m.apiVersion().isEmpty() || m.name().isEmpty()) {
                violations.add(new Violation(SCHEMA, m.where(), "needs apiVersion, kind and metadata.name"));
                continue;
            }
            HasMetadata typed;
            try {
                typed = KUBERNETES.convertValue(m.tree(), HasMetadata.class);
            } catch (RuntimeException e) {
                violations.add(new Violation(SCHEMA, m.where(), "does not read as " + m.kind() + ": "
                        + e.getMessage().lines().findFirst().orElse("")));
                continue;
            }
            if (typed instanceof GenericKubernetesResource) {
                continue; // a custom resource: OperatorResources checks its structure
            }
            unknownFields(typed, m.kind(), new IdentityHashMap<>(), violations, m);
        }
        return violations;
    }

    private static void unknownFields(Object node, String path, Map<Object, Boolean> seen, List<Violation> violations,
            Manifest m) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + i++ + "]", seen, violations, m);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, seen, violations, m));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    violations.add(new Violation(SCHEMA, m.where(), "unknown field(s) " + extra.keySet() + " at "
                            + path));
                }
            } else if (!(node instanceof io.fabric8.kubernetes.api.model.ObjectMeta)
                    || !getter.getName().equals("getAnnotations")) {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + field, seen, violations, m);
            }
        }
    }

    /**
     * Names resolve: every ConfigMap, Secret and key a pod reads exists (as an object here, or as a Secret an
     * operator writes for an object here), every selector selects a pod template, every port name exists.
     */
    static List<Violation> references(List<Manifest> manifests) {
        return References.check(manifests);
    }

    interface ContainerVisitor {
        void visit(Manifest m, JsonNode container);
    }

    static void forEachContainer(List<Manifest> manifests, boolean withInit, ContainerVisitor visitor) {
        for (Manifest m : manifests) {
            JsonNode template = m.podTemplate();
            if (!template.isMissingNode()) {
                for (JsonNode container : containers(template.path("spec"), withInit)) {
                    visitor.visit(m, container);
                }
            }
        }
    }

    static List<JsonNode> containers(JsonNode podSpec, boolean withInit) {
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("containers").forEach(containers::add);
        if (withInit) {
            podSpec.path("initContainers").forEach(containers::add);
        }
        return containers;
    }

    static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
