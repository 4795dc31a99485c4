package io.keyturn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One Kubernetes object read from YAML, with where it came from (a file, or a rendered overlay). */
record Manifest(String source, JsonNode tree) {

    String kind() {
        return tree.path("kind").asText("");
    }

    String apiVersion() {
        return tree.path("apiVersion").asText("");
    }

    String name() {
        return tree.path("metadata").path("name").asText("");
    }

    JsonNode labels() {
        return tree.path("metadata").path("labels");
    }

    String label(String key) {
        return labels().path(key).asText(null);
    }

    JsonNode spec() {
        return tree.path("spec");
    }

    boolean is(String kind, String name) {
        return kind().equals(kind) && name().equals(name);
    }

    /** The pod template of a workload, or a missing node for kinds that run no pods. */
    JsonNode podTemplate() {
        return switch (kind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> spec().path("template");
            case "CronJob" -> spec().path("jobTemplate").path("spec").path("template");
            case "Pod" -> tree;
            default -> MissingNode.getInstance();
        };
    }

    String where() {
        return source + " " + kind() + "/" + name();
    }
}
