package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void namesTheBusyTcpPortAndTheProcessHoldingIt() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            var busy = PortCheck.firstBusy(List.of(new Ports.Use(port, Ports.Protocol.TCP, "Kafka")));
            assertThat(busy).hasValueSatisfying(line -> assertThat(line)
                    .startsWith("port " + port + " (Kafka) is in use by pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void namesABusyUdpPort() throws Exception {
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(0))) {
            int port = held.getLocalPort();
            var busy = PortCheck.firstBusy(List.of(new Ports.Use(port, Ports.Protocol.UDP, "delivery-service TFTP")));
            assertThat(busy).hasValueSatisfying(line -> assertThat(line)
                    .startsWith("port UDP " + port + " (delivery-service TFTP) is in use by pid "));
        }
    }

    @Test
    void findsNothingWhenEveryPortIsFree() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThat(PortCheck.firstBusy(List.of(new Ports.Use(port, Ports.Protocol.TCP, "PostgreSQL")))).isEmpty();
    }

    @Test
    void reportsTheFirstBusyPortInOrder() throws Exception {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            var busy = PortCheck.firstBusy(List.of(
                    new Ports.Use(b.getLocalPort(), Ports.Protocol.TCP, "second"),
                    new Ports.Use(a.getLocalPort(), Ports.Protocol.TCP, "first")));
            assertThat(busy).hasValueSatisfying(line -> assertThat(line).contains("(second)"));
        }
    }
}
