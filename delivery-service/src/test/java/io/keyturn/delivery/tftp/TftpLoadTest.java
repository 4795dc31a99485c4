package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.tftp.TftpClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness counts what it did; the figures themselves belong to the bench module. */
class TftpLoadTest {

    @Test
    void runsTheRequestedNumberOfTransfersAndReportsPercentiles() throws Exception {
        try (TftpTestServer tftp = TftpTestServer.start().with("/a", content(24576, 1)).with("/b", content(700, 2))) {
            TftpLoad.Result result = TftpLoad.run(tftp.address(), List.of("/a", "/b"), 4, 40, Duration.ofSeconds(30),
                    TftpClient.builder().blockSize(1468), false);

            assertThat(result.transfers()).isEqualTo(40);
            assertThat(result.failures()).isZero();
            // A client is done when it sends its last ACK; the server a moment later.
            List<TftpTransferOutcome> outcomes = tftp.nextOutcomes(40);
            assertThat(result.bytes()).isEqualTo(20L * 24576 + 20L * 700);
            assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
            assertThat(result.p99()).isLessThanOrEqualTo(result.max());
            assertThat(result.transfersPerSecond()).isPositive();
            assertThat(outcomes).extracting(TftpTransferOutcome::result).containsOnly(TftpTransferResult.COMPLETED);
            assertThat(outcomes).extracting(o -> o.client().getAddress())
                    .as("each transfer is a device with its own address")
                    .doesNotHaveDuplicates()
                    .allMatch(a -> a.isLoopbackAddress() && !a.getHostAddress().equals("127.0.0.1"));
        }
    }

    @Test
    void sendsFromOneAddressWhenAskedTo() throws Exception {
        try (TftpTestServer tftp = TftpTestServer.start().with("/a", content(100, 1))) {
            TftpLoad.Result result = TftpLoad.run(tftp.address(), List.of("/a"), 3, 9, Duration.ofSeconds(30),
                    TftpClient.builder(), true);

            assertThat(result.transfers()).isEqualTo(9);
            assertThat(tftp.nextOutcomes(9)).extracting(o -> o.client().getAddress().getHostAddress()).containsOnly("127.0.0.1");
        }
    }

    @Test
    void givesDevicesDistinctLoopbackAddressesOtherThanTheServers() {
        assertThat(TftpLoad.deviceAddress(0).getHostAddress()).isEqualTo("127.1.1.1");
        assertThat(TftpLoad.deviceAddress(252).getHostAddress()).isEqualTo("127.1.1.253");
        assertThat(TftpLoad.deviceAddress(253).getHostAddress()).isEqualTo("127.1.2.1");
        assertThat(TftpLoad.deviceAddress(253L * 253 * 253)).isEqualTo(TftpLoad.deviceAddress(0));
    }

    @Test
    void countsFailedTransfers() throws Exception {
        try (TftpTestServer tftp = TftpTestServer.start()) {
            TftpLoad.Result result = TftpLoad.run(tftp.address(), List.of("/missing"), 2, 6, Duration.ofSeconds(30),
                    TftpClient.builder(), false);

            assertThat(result.transfers()).isZero();
            assertThat(result.failures()).isEqualTo(6);
        }
    }

    @Test
    void refusesToTargetAnythingButLoopback() {
        assertThatThrownBy(() -> TftpLoad.run(new InetSocketAddress("192.0.2.1", 69), List.of("/f"), 1, 1,
                Duration.ofSeconds(1), TftpClient.builder(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
