package io.keyturn.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the repository under test is: the module's parent, as Surefire passes it. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("keyturn.repository.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("no deploy/ directory under " + root);
        }
        return root;
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every object of the base as written, file by file. */
    static List<Manifest> base() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path dir : Layout.directories(deploy().resolve("base"))) {
            try (var files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().matches("\\d{2}-.*\\.yaml")).sorted()
                        .forEach(f -> manifests.addAll(ManifestReader.read(f)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return manifests;
    }
}
