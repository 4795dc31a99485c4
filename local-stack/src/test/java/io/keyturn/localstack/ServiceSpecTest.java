package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    @Test
    void givesEachServiceItsPortDatabaseBrokerAndTokenKey() {
        ServiceSpec registry = ServiceSpec.ALL.get(0);
        var env = registry.environment(Ports.DEFAULT, "127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/registry",
                "pw", Path.of("/d/dev-issuer/public.pem"), "127.0.0.1");
        assertThat(env).contains(
                entry("QUARKUS_HTTP_PORT", "8081"),
                entry("KEYTURN_DB_URL", "jdbc:postgresql://127.0.0.1:15432/registry"),
                entry("KEYTURN_DB_USER", "registry"),
                entry("KEYTURN_DB_PASSWORD", "pw"),
                entry("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                entry("KEYTURN_JWT_PUBLIC_KEY_LOCATION", "file:///d/dev-issuer/public.pem"));
        assertThat(env).doesNotContainKey("KEYTURN_DELIVERY_TFTP_PORT");
    }

    @Test
    void onlyDeliveryGetsTheHttpsAndTftpPorts() {
        ServiceSpec delivery = ServiceSpec.ALL.get(3);
        var env = delivery.environment(Ports.DEFAULT, "b", "u", "p", Path.of("/k.pem"), "127.0.0.1");
        assertThat(env).contains(entry("QUARKUS_HTTP_PORT", "8084"), entry("KEYTURN_DELIVERY_HTTPS_PORT", "8443"),
                entry("KEYTURN_DELIVERY_TFTP_PORT", "6969"));
    }

    @Test
    void theFourServicesUseTheirSchemaNamesAsDatabases() {
        assertThat(ServiceSpec.ALL).extracting(ServiceSpec::name, ServiceSpec::database).containsExactly(
                org.assertj.core.groups.Tuple.tuple("registry-service", "registry"),
                org.assertj.core.groups.Tuple.tuple("crypto-service", "crypto"),
                org.assertj.core.groups.Tuple.tuple("rotation-scheduler", "scheduler"),
                org.assertj.core.groups.Tuple.tuple("delivery-service", "delivery"));
    }
}
