package io.keyturn.deploycheck;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The test resources: a valid small service, and broken variants of its objects. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            var url = Fixtures.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Manifest> valid() {
        return ManifestReader.read(resource("fixtures/valid.yaml"));
    }

    /** The valid set with the objects of the broken file in place of those of the same kind and name. */
    static List<Manifest> validWith(String brokenFile) {
        List<Manifest> replacements = ManifestReader.read(resource("fixtures/broken/" + brokenFile));
        List<Manifest> manifests = new ArrayList<>();
        for (Manifest m : valid()) {
            manifests.add(replacements.stream().filter(r -> r.is(m.kind(), m.name())).findFirst().orElse(m));
        }
        for (Manifest r : replacements) {
            if (manifests.stream().noneMatch(m -> m == r)) {
                throw new IllegalStateException(brokenFile + " replaces nothing in valid.yaml: " + r.where());
            }
        }
        return manifests;
    }
}
