package io.keyturn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shape of the deploy/ tree: one object per file named NN-Kind-name.yaml after what it holds, and a
 * kustomization.yaml per directory that lists exactly the files and directories beside it.
 */
final class Layout {

    static final String FILE_NAMES = "file-names";
    static final String KUSTOMIZATION = "kustomization";

    private static final Pattern FILE_NAME = Pattern.compile("(\\d{2})-([A-Za-z]+)-(.+)\\.yaml");

    private Layout() {
    }

    /** Every directory under root that holds YAML or directories with YAML, root included. */
    static List<Path> directories(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Violation> fileNames(Path root) {
        List<Violation> violations = new ArrayList<>();
        for (Path dir : directories(root)) {
            for (Path file : entries(dir)) {
                String name = file.getFileName().toString();
                if (Files.isDirectory(file) || name.equals("kustomization.yaml") || name.equals("README.md")) {
                    continue;
                }
                String where = root.relativize(file).toString();
                Matcher matcher = FILE_NAME.matcher(name);
                if (!matcher.matches()) {
                    violations.add(new Violation(FILE_NAMES, where, "is not named NN-Kind-name.yaml"));
                    continue;
                }
                List<Manifest> documents;
                try {
                    documents = ManifestReader.read(file);
                } catch (UncheckedIOException e) {
                    violations.add(new Violation(FILE_NAMES, where, e.getMessage()));
                    continue;
                }
                if (documents.size() != 1) {
                    violations.add(new Violation(FILE_NAMES, where, "holds " + documents.size()
                            + " objects; one per file"));
                    continue;
                }
                Manifest m = documents.get(0);
                if (!m.kind().equals(matcher.group(2))) {
                    violations.add(new Violation(FILE_NAMES, where, "is named for kind " + matcher.group(2)
                            + " but holds a " + m.kind()));
                }
                if (!m.name().equals(matcher.group(3))) {
                    violations.add(new Violation(FILE_NAMES, where, "is named for '" + matcher.group(3)
                            + "' but holds '" + m.name() + "'"));
                }
            }
        }
        return violations;
    }

    static List<Violation> kustomizations(Path root) {
        List<Violation> violations = new ArrayList<>();
        for (Path dir : directories(root)) {
            List<Path> entries = entries(dir).stream()
                    .filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
            Path kustomization = dir.resolve("kustomization.yaml");
            String where = root.relativize(dir).toString().isEmpty() ? "." : root.relativize(dir).toString();
            if (!Files.exists(kustomization)) {
                // A directory of directories only (deploy/, deploy/overlays/) is not itself a kustomization.
                if (entries.stream().anyMatch(Files::isRegularFile)) {
                    violations.add(new Violation(KUSTOMIZATION, where, "has no kustomization.yaml"));
                }
                continue;
            }
            Set<String> listed = listed(kustomization);
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!listed.contains(name)) {
                    violations.add(new Violation(KUSTOMIZATION, where, name + " is not listed in kustomization.yaml"));
                }
            }
            for (String name : listed) {
                Path target = dir.resolve(name).normalize();
                if (!Files.exists(target)) {
                    violations.add(new Violation(KUSTOMIZATION, where, "kustomization.yaml lists " + name
                            + ", which does not exist"));
                }
            }
            List<String> resources = resourcesInOrder(kustomization);
            // Apply order is the NN prefix; files sharing a prefix (the KafkaUsers) may come in any order.
            List<String> files = resources.stream().filter(r -> FILE_NAME.matcher(r).matches()).toList();
            List<String> prefixes = files.stream().map(f -> f.substring(0, 2)).toList();
            if (!prefixes.equals(prefixes.stream().sorted().toList())) {
                violations.add(new Violation(KUSTOMIZATION, where, "lists its files out of apply order: " + files));
            }
        }
        return violations;
    }

    /** Local entries (resources, patches, components) a kustomization.yaml names; ../ paths are not its own. */
    static Set<String> listed(Path kustomization) {
        JsonNode tree = ManifestReader.read(kustomization).get(0).tree();
        Set<String> names = new LinkedHashSet<>();
        for (String field : List.of("resources", "components", "crds")) {
            tree.path(field).forEach(r -> names.add(r.asText()));
        }
        for (String field : List.of("patches", "patchesStrategicMerge")) {
            tree.path(field).forEach(p -> {
                if (p.isTextual()) {
                    names.add(p.asText());
                } else if (p.has("path")) {
                    names.add(p.path("path").asText());
                }
            });
        }
        names.removeIf(n -> n.startsWith("../") || n.contains("://"));
        return names;
    }

    private static List<String> resourcesInOrder(Path kustomization) {
        List<String> resources = new ArrayList<>();
        ManifestReader.read(kustomization).get(0).tree().path("resources").forEach(r -> resources.add(r.asText()));
        return resources;
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
