package io.keyturn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which environment variables a service needs in production, read from its application.properties. */
class ServiceConfigTest {

    private final ServiceConfig demo = ServiceConfig.read(Fixtures.resource("config/application.properties"));

    @Test
    void findsReferencesWithoutDefaultInProdAndProfileLessLines() {
        assertThat(demo.service()).isEqualTo("demo-service");
        assertThat(demo.requiredEnvironment()).containsExactlyInAnyOrder(
                "KEYTURN_DB_URL", "KEYTURN_DB_USER", "KEYTURN_DB_PASSWORD", "KEYTURN_DEMO_KEK_FILE");
    }

    @Test
    void reportsEachVariableTheDeploymentDoesNotProvide() {
        List<Violation> violations = ConfigCoverage.check(Fixtures.valid(), demo);

        assertThat(violations).extracting(Violation::message).singleElement().asString()
                .contains("gets no KEYTURN_DEMO_KEK_FILE");
    }

    @Test
    void acceptsVariablesFromTheConfigMapAndTheSecretTemplate() {
        ServiceConfig withoutKek = new ServiceConfig("demo-service", demo.properties(),
                java.util.Set.of("KEYTURN_DB_URL", "KEYTURN_DB_USER", "KEYTURN_DB_PASSWORD"));

        assertThat(ConfigCoverage.check(Fixtures.valid(), withoutKek)).isEmpty();
    }

    @Test
    void reportsAServiceWithoutDeployment() {
        ServiceConfig other = new ServiceConfig("other-service", demo.properties(), java.util.Set.of());

        assertThat(ConfigCoverage.check(Fixtures.valid(), other)).extracting(Violation::message)
                .singleElement().asString().contains("no Deployment named other-service");
    }
}
