package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    private static final StackSecrets SECRETS = new StackSecrets(Path.of("/d/secrets"));

    @Test
    void givesEachServiceItsPortDatabaseBrokerAndTokenKey() {
        ServiceSpec registry = ServiceSpec.ALL.get(0);
        var env = registry.environment(Ports.DEFAULT, "127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/registry",
                "pw", Path.of("/d/dev-issuer/public.pem"), "127.0.0.1", SECRETS);
        assertThat(env).contains(
                entry("QUARKUS_HTTP_PORT", "8081"),
                entry("KEYTURN_DB_URL", "jdbc:postgresql://127.0.0.1:15432/registry"),
                entry("KEYTURN_DB_USER", "registry"),
                entry("KEYTURN_DB_PASSWORD", "pw"),
                entry("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                entry("KEYTURN_JWT_PUBLIC_KEY_LOCATION", "file:///d/dev-issuer/public.pem"));
        assertThat(env).doesNotContainKey("KEYTURN_DELIVERY_TFTP_PORT");
        assertThat(env).containsEntry("KEYTURN_REGISTRY_STAGING_SEAL_PUBLIC_KEY_FILE", "/d/secrets/staging-seal-public.pem")
                .doesNotContainKey("KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE");
    }

    @Test
    void onlyDeliveryGetsTheHttpsAndTftpPorts() {
        ServiceSpec delivery = ServiceSpec.ALL.get(3);
        var env = delivery.environment(Ports.DEFAULT, "b", "u", "p", Path.of("/k.pem"), "127.0.0.1", SECRETS);
        // The public HTTP port is the device listener's; Quarkus' server sits behind it on the loopback.
        assertThat(env).contains(entry("KEYTURN_DELIVERY_HTTP_PORT", "8084"), entry("KEYTURN_DELIVERY_HTTP_HOST", "127.0.0.1"),
                entry("QUARKUS_HTTP_HOST", "127.0.0.1"), entry("QUARKUS_HTTP_PORT", "0"),
                entry("KEYTURN_DELIVERY_HTTPS_PORT", "8443"),
                entry("KEYTURN_DELIVERY_TFTP_PORT", "6969"), entry("KEYTURN_DELIVERY_CRYPTO_URL", "http://127.0.0.1:8082"),
                entry("KEYTURN_DELIVERY_CRYPTO_TOKEN_FILE", "/d/secrets/delivery-service.token"),
                entry("KEYTURN_DELIVERY_TLS_CERT_FILE", "/d/secrets/tls/tls.crt"),
                entry("KEYTURN_DELIVERY_TLS_KEY_FILE", "/d/secrets/tls/tls.key"),
                entry("KEYTURN_DELIVERY_TLS_DEVICE_CA_DIR", "/d/secrets/device-cas"));
    }

    @Test
    void onlyCryptoGetsTheKeyringAndTheSealingPrivateKey() {
        var crypto = ServiceSpec.ALL.get(1).environment(Ports.DEFAULT, "b", "u", "p", Path.of("/k.pem"), "127.0.0.1",
                SECRETS);
        assertThat(crypto).contains(entry("KEYTURN_CRYPTO_KEK_KEYRING_FILE", "/d/secrets/kek-keyring"),
                entry("KEYTURN_CRYPTO_KEK_ACTIVE_ID", "local-1"),
                entry("KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE", "/d/secrets/staging-seal-key.pem"),
                entry("KEYTURN_CRYPTO_PROVISIONING_HOST", "127.0.0.1:8084"),
                entry("KEYTURN_CRYPTO_PROVISIONING_HTTPS_HOST", "127.0.0.1:8443"));
        for (int i : new int[] {0, 2, 3}) {
            assertThat(ServiceSpec.ALL.get(i).environment(Ports.DEFAULT, "b", "u", "p", Path.of("/k.pem"), "127.0.0.1",
                    SECRETS)).doesNotContainKeys("KEYTURN_CRYPTO_KEK_KEYRING_FILE", "KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE");
        }
    }

    @Test
    void theFourServicesUseTheirSchemaNamesAsDatabases() {
        assertThat(ServiceSpec.ALL).extracting(ServiceSpec::name, ServiceSpec::database).containsExactly(
                org.assertj.core.groups.Tuple.tuple("registry-service", "registry"),
                org.assertj.core.groups.Tuple.tuple("crypto-service", "crypto"),
                org.assertj.core.groups.Tuple.tuple("rotation-scheduler", "scheduler"),
                org.assertj.core.groups.Tuple.tuple("delivery-service", "delivery"));
    }

    @Test
    void pointsTheConsoleAtTheServicesAndTheDevIssuerWithoutADatabase() {
        var env = ServiceSpec.CONSOLE.environment(Ports.DEFAULT.shiftedBy(500), "127.0.0.1:9592", "unused", null,
                Path.of("/d/dev-issuer/public.pem"), "127.0.0.1", SECRETS);
        assertThat(env).contains(
                entry("QUARKUS_HTTP_PORT", "8580"),
                entry("KEYTURN_CONSOLE_REGISTRY_URL", "http://127.0.0.1:8581"),
                entry("KEYTURN_CONSOLE_CRYPTO_URL", "http://127.0.0.1:8582"),
                entry("KEYTURN_CONSOLE_SCHEDULER_URL", "http://127.0.0.1:8583"),
                entry("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9592"),
                entry("KEYTURN_CONSOLE_DEV_ISSUER", "/d/dev-issuer"));
        assertThat(env).doesNotContainKeys("KEYTURN_DB_URL", "KEYTURN_DB_USER", "KEYTURN_DB_PASSWORD");
    }

    @Test
    void launchesTheConsoleOnlyWhenItIsBuilt(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        assertThat(ServiceSpec.launched(root)).isEqualTo(ServiceSpec.ALL);
        java.nio.file.Files.createDirectories(ServiceSpec.CONSOLE.jar(root).getParent());
        java.nio.file.Files.createFile(ServiceSpec.CONSOLE.jar(root));
        assertThat(ServiceSpec.launched(root)).endsWith(ServiceSpec.CONSOLE).hasSize(ServiceSpec.ALL.size() + 1);
    }
}
