package io.keyturn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both overlays as kubectl apply -k would send them: they render, and the result passes every rule, so a patch
 * that breaks a reference, drops a label or misses its target fails the build.
 */
class RenderedOverlaysTest {

    private static Path kubectl;
    // Each overlay is rendered once per run; the tests only read the result.
    private static final Map<String, List<Manifest>> RENDERED = new ConcurrentHashMap<>();

    private static final String MISSING = "kubectl not found (PATH or -Dkeyturn.kubectl): the rendered overlays"
            + " are NOT checked on this machine";

    @BeforeAll
    static void findKubectl() {
        kubectl = Kustomize.kubectl().orElse(null);
        if (kubectl == null) {
            System.err.println("WARNING deploy-check: " + MISSING);
        }
    }

    // Per test rather than per class, so each skipped test is counted and carries the reason in the report.
    @BeforeEach
    void requireKubectl() {
        assumeTrue(kubectl != null, MISSING);
    }

    private static List<Manifest> render(Path kustomization) throws Exception {
        return ManifestReader.read("kubectl kustomize " + kustomization.getFileName(),
                Kustomize.render(kubectl, kustomization));
    }

    private static List<Manifest> overlay(String name) throws Exception {
        List<Manifest> rendered = RENDERED.get(name);
        if (rendered == null) {
            rendered = render(Repository.deploy().resolve("overlays").resolve(name));
            RENDERED.put(name, rendered);
        }
        return rendered;
    }

    @ParameterizedTest(name = "overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void renderedOverlayKeepsEveryRule(String name) throws Exception {
        assertThat(ManifestRules.all(overlay(name))).isEmpty();
    }

    @ParameterizedTest(name = "overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void renderedOverlayGivesEveryServiceEveryProductionKey(String name) throws Exception {
        List<Manifest> rendered = overlay(name);
        for (ServiceConfig service : ServiceConfig.ofRepository(Repository.root())) {
            assertThat(ConfigCoverage.check(rendered, service)).as(service.service()).isEmpty();
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void renderedOverlayLivesInTheKeyturnNamespace(String name) throws Exception {
        assertThat(overlay(name)).filteredOn(m -> !m.kind().equals("Namespace"))
                .allSatisfy(m -> assertThat(m.tree().path("metadata").path("namespace").asText())
                        .as(m.where()).isEqualTo("keyturn"));
    }

    @Test
    void prodIsHighlyAvailable() throws Exception {
        List<Manifest> prod = overlay("prod");

        for (Manifest d : prod.stream().filter(m -> m.kind().equals("Deployment")).toList()) {
            boolean autoscaled = prod.stream().anyMatch(h -> h.kind().equals("HorizontalPodAutoscaler")
                    && h.spec().path("scaleTargetRef").path("name").asText().equals(d.name())
                    && h.spec().path("minReplicas").asInt() >= 2);
            assertThat(autoscaled || d.spec().path("replicas").asInt(1) >= 2).as(d.where() + " replicas").isTrue();
            assertThat(d.podTemplate().path("spec").path("affinity").path("podAntiAffinity").isEmpty())
                    .as(d.where() + " anti-affinity").isFalse();
        }
        assertThat(sum(prod, "KafkaNodePool", "broker")).isGreaterThanOrEqualTo(3);
        assertThat(sum(prod, "KafkaNodePool", "controller")).isGreaterThanOrEqualTo(3);
        assertThat(find(prod, "Cluster").spec().path("instances").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(prod.stream().filter(m -> m.kind().equals("Deployment")))
                .allSatisfy(d -> assertThat(ManifestRules.containers(d.podTemplate().path("spec"), false).get(0)
                        .path("image").asText()).startsWith("registry.example.net/"));
    }

    @Test
    void devRunsOneOfEverythingAndBlocksNoDrain() throws Exception {
        List<Manifest> dev = overlay("dev");

        assertThat(dev.stream().filter(m -> m.kind().equals("Deployment") && m.spec().has("replicas")))
                .allSatisfy(d -> assertThat(d.spec().path("replicas").asInt()).as(d.where()).isEqualTo(1));
        assertThat(dev.stream().filter(m -> m.kind().equals("PodDisruptionBudget")))
                .allSatisfy(p -> assertThat(p.spec().has("minAvailable")).as(p.where()).isFalse());
        assertThat(sum(dev, "KafkaNodePool", "broker")).isEqualTo(1);
        assertThat(find(dev, "Cluster").spec().path("instances").asInt()).isEqualTo(1);
    }

    @Test
    void aPatchWithoutTargetFailsTheRender() {
        assertThatThrownBy(() -> render(Fixtures.resource("kustomize/broken-patch")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void aPatchThatDropsALabelFailsTheRenderedCheck() throws Exception {
        assertThat(ManifestRules.labels(render(Fixtures.resource("kustomize/label-dropping"))))
                .extracting(Violation::message).containsExactly("metadata.labels lack app.kubernetes.io/version");
    }

    private static int sum(List<Manifest> manifests, String kind, String role) {
        return manifests.stream().filter(m -> m.kind().equals(kind))
                .filter(m -> ManifestRules.textValues(m.spec().path("roles")).contains(role))
                .mapToInt(m -> m.spec().path("replicas").asInt()).sum();
    }

    private static Manifest find(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).findFirst().orElseThrow();
    }

}
