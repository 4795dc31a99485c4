package io.keyturn.deploycheck;

import static io.keyturn.deploycheck.ManifestRules.OPERATORS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Structure of the custom resources fabric8 has no classes for (Strimzi, CloudNativePG, Prometheus Operator),
 * and the facts that tie them together: a topic's replicas fit on the brokers, a database's owner is a managed
 * role, a role's password Secret is a template with username and password.
 */
final class OperatorResources {

    private static final Map<String, String> API_GROUPS = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2", "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2", "KafkaUser", "kafka.strimzi.io/v1beta2",
            "Cluster", "postgresql.cnpg.io/v1", "Database", "postgresql.cnpg.io/v1",
            "ServiceMonitor", "monitoring.coreos.com/v1", "PrometheusRule", "monitoring.coreos.com/v1");

    private OperatorResources() {
    }

    static List<Violation> check(List<Manifest> manifests) {
        List<Violation> violations = new ArrayList<>();
        for (Manifest m : manifests) {
            String expected = API_GROUPS.get(m.kind());
            if (expected != null && !m.apiVersion().equals(expected)) {
                violations.add(new Violation(OPERATORS, m.where(), "apiVersion " + m.apiVersion() + ", expected "
                        + expected));
            }
        }
        Map<String, Integer> brokers = new LinkedHashMap<>();
        Map<String, Integer> controllers = new LinkedHashMap<>();
        for (Manifest pool : kind(manifests, "KafkaNodePool")) {
            String cluster = pool.label("strimzi.io/cluster");
            requireKafka(manifests, pool, cluster, violations);
            int replicas = require(pool, "spec.replicas", pool.spec().path("replicas"), violations).asInt(0);
            List<String> roles = ManifestRules.textValues(pool.spec().path("roles"));
            if (roles.isEmpty()) {
                violations.add(new Violation(OPERATORS, pool.where(), "has no roles"));
            }
            require(pool, "spec.storage", pool.spec().path("storage"), violations);
            if (roles.contains("broker")) {
                brokers.merge(String.valueOf(cluster), replicas, Integer::sum);
            }
            if (roles.contains("controller")) {
                controllers.merge(String.valueOf(cluster), replicas, Integer::sum);
            }
        }
        for (Manifest kafka : kind(manifests, "Kafka")) {
            JsonNode annotations = kafka.tree().path("metadata").path("annotations");
            for (String annotation : List.of("strimzi.io/node-pools", "strimzi.io/kraft")) {
                if (!annotations.path(annotation).asText("").equals("enabled")) {
                    violations.add(new Violation(OPERATORS, kafka.where(), "lacks " + annotation + ": enabled"));
                }
            }
            require(kafka, "spec.kafka.listeners", kafka.spec().path("kafka").path("listeners"), violations);
            if (kafka.spec().path("kafka").has("replicas") || kafka.spec().has("zookeeper")) {
                violations.add(new Violation(OPERATORS, kafka.where(), "sizes brokers or ZooKeeper in the Kafka"
                        + " resource; with KRaft node pools the KafkaNodePools do"));
            }
            int controllerCount = controllers.getOrDefault(kafka.name(), 0);
            if (controllerCount == 0 || controllerCount % 2 == 0) {
                violations.add(new Violation(OPERATORS, kafka.where(), "has " + controllerCount
                        + " KRaft controllers; a quorum needs an odd number, at least 1"));
            }
            int brokerCount = brokers.getOrDefault(kafka.name(), 0);
            if (brokerCount == 0) {
                violations.add(new Violation(OPERATORS, kafka.where(), "has no broker node pool"));
            }
            JsonNode config = kafka.spec().path("kafka").path("config");
            for (String factor : List.of("default.replication.factor", "offsets.topic.replication.factor",
                    "transaction.state.log.replication.factor")) {
                if (config.path(factor).asInt(1) > brokerCount) {
                    violations.add(new Violation(OPERATORS, kafka.where(), factor + " " + config.path(factor).asInt()
                            + " exceeds the " + brokerCount + " broker(s)"));
                }
            }
        }
        for (Manifest topic : kind(manifests, "KafkaTopic")) {
            String cluster = topic.label("strimzi.io/cluster");
            requireKafka(manifests, topic, cluster, violations);
            int partitions = require(topic, "spec.partitions", topic.spec().path("partitions"), violations).asInt(0);
            int replicas = require(topic, "spec.replicas", topic.spec().path("replicas"), violations).asInt(0);
            int minInSync = topic.spec().path("config").path("min.insync.replicas").asInt(1);
            if (partitions < 1) {
                violations.add(new Violation(OPERATORS, topic.where(), "needs at least one partition"));
            }
            int brokerCount = brokers.getOrDefault(String.valueOf(cluster), 0);
            if (replicas > brokerCount) {
                violations.add(new Violation(OPERATORS, topic.where(), replicas + " replicas cannot fit on "
                        + brokerCount + " broker(s)"));
            }
            if (minInSync > replicas) {
                violations.add(new Violation(OPERATORS, topic.where(), "min.insync.replicas " + minInSync
                        + " exceeds its " + replicas + " replicas: every write would fail"));
            }
            if (replicas > 1 && minInSync < 2) {
                violations.add(new Violation(OPERATORS, topic.where(), "replicated " + replicas
                        + " times but min.insync.replicas " + minInSync + ": an acknowledged write may sit on one"
                        + " broker only"));
            }
        }
        for (Manifest user : kind(manifests, "KafkaUser")) {
            requireKafka(manifests, user, user.label("strimzi.io/cluster"), violations);
            require(user, "spec.authentication.type", user.spec().path("authentication").path("type"), violations);
            for (JsonNode acl : user.spec().path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                if (resource.path("type").asText().equals("topic") && resource.path("patternType").asText("literal")
                        .equals("literal") && kind(manifests, "KafkaTopic").stream()
                        .noneMatch(t -> t.name().equals(resource.path("name").asText()))) {
                    violations.add(new Violation(OPERATORS, user.where(), "grants access to topic '"
                            + resource.path("name").asText() + "', which no KafkaTopic defines"));
                }
            }
        }
        for (Manifest cluster : kind(manifests, "Cluster")) {
            int instances = require(cluster, "spec.instances", cluster.spec().path("instances"), violations).asInt(0);
            require(cluster, "spec.storage.size", cluster.spec().path("storage").path("size"), violations);
            JsonNode synchronous = cluster.spec().path("postgresql").path("synchronous");
            if (!synchronous.isMissingNode() && synchronous.path("number").asInt(0) >= instances) {
                violations.add(new Violation(OPERATORS, cluster.where(), "waits for "
                        + synchronous.path("number").asInt() + " synchronous standby(s) but has " + instances
                        + " instance(s): every commit would hang"));
            }
            for (JsonNode role : cluster.spec().path("managed").path("roles")) {
                String secret = role.path("passwordSecret").path("name").asText(null);
                if (secret == null) {
                    continue;
                }
                Optional<Manifest> template = manifests.stream().filter(s -> s.is("Secret", secret)).findFirst();
                if (template.isEmpty()) {
                    violations.add(new Violation(OPERATORS, cluster.where(), "role " + role.path("name").asText()
                            + " takes its password from Secret '" + secret + "', which is not defined here"));
                } else if (!ManifestRules.expectedKeys(template.get()).containsAll(Set.of("username", "password"))) {
                    violations.add(new Violation(OPERATORS, cluster.where(), "role " + role.path("name").asText()
                            + " needs username and password in Secret '" + secret + "'"));
                }
            }
        }
        for (Manifest database : kind(manifests, "Database")) {
            String clusterName = database.spec().path("cluster").path("name").asText();
            require(database, "spec.name", database.spec().path("name"), violations);
            Optional<Manifest> cluster = manifests.stream().filter(c -> c.is("Cluster", clusterName)).findFirst();
            if (cluster.isEmpty()) {
                violations.add(new Violation(OPERATORS, database.where(), "belongs to Cluster '" + clusterName
                        + "', which is not defined here"));
                continue;
            }
            String owner = database.spec().path("owner").asText();
            boolean managed = false;
            for (JsonNode role : cluster.get().spec().path("managed").path("roles")) {
                managed |= role.path("name").asText().equals(owner);
            }
            if (!managed) {
                violations.add(new Violation(OPERATORS, database.where(), "is owned by role '" + owner
                        + "', which Cluster " + clusterName + " does not manage"));
            }
        }
        for (Manifest monitor : kind(manifests, "ServiceMonitor")) {
            require(monitor, "spec.endpoints", monitor.spec().path("endpoints"), violations);
            for (JsonNode endpoint : monitor.spec().path("endpoints")) {
                if (!endpoint.path("path").asText("").equals("/q/metrics")) {
                    violations.add(new Violation(OPERATORS, monitor.where(), "scrapes '"
                            + endpoint.path("path").asText("") + "'; Quarkus serves metrics at /q/metrics"));
                }
            }
        }
        for (Manifest rule : kind(manifests, "PrometheusRule")) {
            for (JsonNode group : require(rule, "spec.groups", rule.spec().path("groups"), violations)) {
                for (JsonNode r : group.path("rules")) {
                    if (r.path("expr").asText("").isBlank()) {
                        violations.add(new Violation(OPERATORS, rule.where(), "has a rule without expr"));
                    }
                }
            }
        }
        return violations;
    }

    private static List<Manifest> kind(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static void requireKafka(List<Manifest> manifests, Manifest m, String cluster, List<Violation> violations) {
        if (cluster == null || manifests.stream().noneMatch(k -> k.is("Kafka", cluster))) {
            violations.add(new Violation(OPERATORS, m.where(), "label strimzi.io/cluster names '" + cluster
                    + "', which no Kafka resource here is"));
        }
    }

    private static JsonNode require(Manifest m, String path, JsonNode value, List<Violation> violations) {
        if (value.isMissingNode() || value.isNull() || (value.isContainerNode() && value.isEmpty())
                || (value.isTextual() && value.asText().isBlank())) {
            violations.add(new Violation(OPERATORS, m.where(), "lacks " + path));
        }
        return value;
    }
}
