package io.keyturn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule passes the valid fixture and fails, for the right reason, the fixture broken for it. */
class ManifestRulesTest {

    @Test
    void acceptsTheValidFixture() {
        assertThat(ManifestRules.all(Fixtures.valid())).isEmpty();
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource({
        "labels-pod-template-without-version.yaml, labels, app.kubernetes.io/version",
        "labels-part-of-another-system.yaml, labels, part-of=someone-else",
        "probes-without-readiness.yaml, probes, no readinessProbe",
        "probes-liveness-off-quarkus-health.yaml, probes, /healthz",
        "resources-without-limits.yaml, resources, limits.cpu",
        "resources-without-memory-request.yaml, resources, requests.memory",
        "images-latest.yaml, images, latest",
        "images-unpinned.yaml, images, neither a tag nor a digest",
        "images-unpinned-postgresql.yaml, images, spec.imageName",
        "security-writable-root.yaml, security-context, writable root filesystem",
        "security-may-run-as-root.yaml, security-context, may run as root",
        "security-keeps-capabilities.yaml, security-context, does not drop ALL",
        "security-without-seccomp.yaml, security-context, seccomp",
        "security-mounts-token.yaml, security-context, service-account token",
        "secret-with-data.yaml, secret-values, carries data [password]",
        "secret-with-string-data.yaml, secret-values, carries stringData [password]",
        "secret-without-expected-keys.yaml, secret-values, keyturn.io/expected-keys",
        "schema-misspelt-field.yaml, schema, imagePullPolcy",
        "schema-unknown-service-field.yaml, schema, selectr",
        "references-missing-configmap.yaml, references, demo-service-cfg",
        "references-missing-secret-key.yaml, references, key 'pass'",
        "references-unknown-target-port.yaml, references, targets 'web'",
        "references-budget-selects-nothing.yaml, references, selects no pod template",
        "operators-topic-wider-than-brokers.yaml, operator-resources, 5 replicas cannot fit on 3 broker(s)",
        "operators-topic-single-acknowledgement.yaml, operator-resources, min.insync.replicas 1",
        "operators-kafka-without-kraft.yaml, operator-resources, strimzi.io/kraft",
        "operators-database-owner-unmanaged.yaml, operator-resources, role 'app'",
        "operators-synchronous-without-standby.yaml, operator-resources, every commit would hang",
    })
    void rejectsTheBrokenFixture(String file, String rule, String reason) {
        List<Violation> violations = ManifestRules.all(Fixtures.validWith(file));

        assertThat(violations)
                .as("violations of %s", file)
                .anySatisfy(v -> {
                    assertThat(v.rule()).isEqualTo(rule);
                    assertThat(v.message()).contains(reason);
                });
    }
}
