package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void defaultsAreTheOperatorContractOfDesignSection5() {
        assertThat(Ports.DEFAULT.all()).extracting(Ports.Use::toString).containsExactly(
                "9092 (Kafka)", "9093 (Kafka controller)", "15432 (PostgreSQL)", "8081 (registry-service)",
                "8082 (crypto-service)", "8083 (rotation-scheduler)", "8084 (delivery-service HTTP)",
                "8443 (delivery-service HTTPS)", "UDP 6969 (delivery-service TFTP)", "8080 (console)");
    }

    @Test
    void anOffsetMovesEveryPortTogether() {
        Ports shifted = Ports.DEFAULT.shiftedBy(10_000);
        assertThat(shifted.kafka()).isEqualTo(19_092);
        assertThat(shifted.postgres()).isEqualTo(25_432);
        assertThat(shifted.deliveryTftp()).isEqualTo(16_969);
        assertThat(shifted.all()).hasSameSizeAs(Ports.DEFAULT.all());
    }

    @Test
    void refusesAnOffsetThatLeavesThePortRange() {
        assertThatThrownBy(() -> Ports.DEFAULT.shiftedBy(60_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 1-65535");
    }
}
