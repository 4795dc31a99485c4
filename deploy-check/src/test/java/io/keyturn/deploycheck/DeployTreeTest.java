package io.keyturn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/ as written: its layout, and the objects of the base, against every rule. */
class DeployTreeTest {

    private final List<Manifest> base = Repository.base();

    @Test
    void everyFileHoldsOneObjectNamedAfterIt() {
        assertThat(Layout.fileNames(Repository.deploy())).isEmpty();
    }

    @Test
    void everyDirectoryListsExactlyItsFilesInApplyOrder() {
        assertThat(Layout.kustomizations(Repository.deploy())).isEmpty();
    }

    @Test
    void baseHoldsEveryPartOfTheSystem() {
        assertThat(base).extracting(Manifest::kind).contains("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic",
                "KafkaUser", "Cluster", "Database", "Deployment", "Service", "ConfigMap", "Secret",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Ingress", "ServiceMonitor",
                "ServiceAccount");
        assertThat(base.stream().filter(m -> m.kind().equals("KafkaTopic")).map(Manifest::name))
                .containsExactlyInAnyOrder("keyturn.devices", "keyturn.rotations", "keyturn.profiles",
                        "keyturn.deliveries");
    }

    @Test
    void baseObjectsCarryTheHouseLabels() {
        assertThat(ManifestRules.labels(base)).isEmpty();
    }

    @Test
    void baseContainersProbeQuarkusHealth() {
        assertThat(ManifestRules.probes(base)).isEmpty();
    }

    @Test
    void baseContainersSetRequestsAndLimits() {
        assertThat(ManifestRules.resources(base)).isEmpty();
    }

    @Test
    void baseImagesArePinned() {
        assertThat(ManifestRules.images(base)).isEmpty();
    }

    @Test
    void basePodsRunNonRootReadOnlyWithoutCapabilities() {
        assertThat(ManifestRules.securityContext(base)).isEmpty();
    }

    @Test
    void baseSecretsAreTemplatesWithoutValues() {
        assertThat(ManifestRules.secretValues(base)).isEmpty();
    }

    @Test
    void baseObjectsUseOnlyFieldsTheirKindHas() {
        assertThat(ManifestRules.schema(base)).isEmpty();
    }

    @Test
    void baseReferencesResolve() {
        assertThat(ManifestRules.references(base)).isEmpty();
    }

    @Test
    void baseOperatorResourcesFitTogether() {
        assertThat(OperatorResources.check(base)).isEmpty();
    }

    @Test
    void everyServiceOfTheRepositoryGetsEveryProductionKey() {
        List<ServiceConfig> services = ServiceConfig.ofRepository(Repository.root());

        assertThat(services).extracting(ServiceConfig::service)
                .contains("registry-service", "crypto-service", "rotation-scheduler", "delivery-service");
        for (ServiceConfig service : services) {
            assertThat(ConfigCoverage.check(base, service)).as(service.service()).isEmpty();
        }
    }
}
