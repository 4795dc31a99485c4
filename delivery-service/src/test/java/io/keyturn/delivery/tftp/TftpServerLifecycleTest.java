package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The concurrency bound, stopping, asynchronous lookups and a listener that fails. */
class TftpServerLifecycleTest {

    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void turnsAwayRequestsBeyondTheBoundWithServerBusyThenServesAgain() throws Exception {
        byte[] file = content(700, 1);
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.maxTransfers(2).initialTimeout(Duration.ofSeconds(5))
                .maxTimeout(Duration.ofSeconds(5))).with("/f", file);
             RawPeer first = new RawPeer(); RawPeer second = new RawPeer(); RawPeer third = new RawPeer()) {
            first.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            second.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received firstData = first.receive();
            second.receive();
            assertThat(tftp.server.activeTransfers()).isEqualTo(2);

            third.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received busy = third.receive();

            assertThat(busy.errorCode()).isEqualTo(TftpErrorCode.NOT_DEFINED);
            assertThat(busy.as(TftpPacket.ErrorPacket.class).message()).isEqualTo("Server busy, retry later");
            TftpTransferOutcome refused = tftp.nextOutcome();
            assertThat(refused.result()).isEqualTo(TftpTransferResult.BUSY);
            assertThat(refused.client()).isEqualTo(third.address());

            first.send(new TftpPacket.Ack(1), firstData.from());
            first.receive();
            first.send(new TftpPacket.Ack(2), firstData.from());
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);

            assertThat(TftpClient.builder().build().get(tftp.address(), "/f")).isEqualTo(file);
            assertThat(tftp.server.statistics().busy()).isEqualTo(1);
        }
    }

    @Test
    void releasesThePortWhenStoppedAndEndsWhatOutlastsTheGrace() throws Exception {
        TftpTestServer tftp = TftpTestServer.start(b -> b.initialTimeout(Duration.ofSeconds(5)).maxTimeout(Duration.ofSeconds(5)))
                .with("/f", content(5000, 2));
        InetSocketAddress address = tftp.address();
        try (RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), address);
            RawPeer.Received data = peer.receive();

            boolean drained = tftp.server.stop(Duration.ofMillis(300));

            assertThat(drained).isFalse();
            RawPeer.Received goodbye = peer.receive();
            assertThat(goodbye.from()).isEqualTo(data.from());
            assertThat(goodbye.as(TftpPacket.ErrorPacket.class).message()).isEqualTo("Server shutting down");
            TftpTransferOutcome outcome = tftp.nextOutcome();
            assertThat(outcome.result()).isEqualTo(TftpTransferResult.ERROR);
            assertThat(outcome.detail()).isEqualTo("server stopped");
            assertThat(tftp.server.activeTransfers()).isZero();
        }
        try (DatagramSocket rebound = new DatagramSocket(address)) {
            assertThat(rebound.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    @Test
    void letsATransferInFlightFinishWithinTheGrace() throws Exception {
        byte[] file = content(3000, 3);
        TftpTestServer tftp = TftpTestServer.start().with("/f", file);
        try (RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received first = peer.receive();
            CompletableFuture<Boolean> stopping = CompletableFuture.supplyAsync(() -> tftp.server.stop(Duration.ofSeconds(10)));

            RawPeer.Received in = first;
            for (int block = 1; ; block++) {
                peer.send(new TftpPacket.Ack(block), first.from());
                if (in.as(TftpPacket.Data.class).payload().length < 512) {
                    break;
                }
                in = peer.receive();
            }

            assertThat(stopping.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
        }
    }

    @Test
    void refusesNewRequestsOnceStopped() throws Exception {
        TftpTestServer tftp = TftpTestServer.start().with("/f", content(10, 4));
        tftp.server.stop(Duration.ZERO.plusMillis(1));

        assertThatThrownBy(() -> TftpClient.builder().timeout(Duration.ofMillis(100)).retries(1).build().get(tftp.address(), "/f"))
                .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(tftp.server.stop(Duration.ofMillis(1))).as("stop is idempotent").isTrue();
    }

    @Test
    void failsToStartOnAPortInUse() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(LOOPBACK_ANY_PORT)) {
            TftpServerConfig config = TftpServerConfig.builder((InetSocketAddress) taken.getLocalSocketAddress()).build();

            assertThatThrownBy(() -> TftpServer.start(config, TftpFileSource.fromMap(Map.of()), o -> { }))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void servesFromALookupThatCompletesOnAnotherThread() throws Exception {
        byte[] file = content(2000, 5);
        Executor later = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);
        TftpFileSource slowSource = (path, client) ->
                CompletableFuture.supplyAsync(() -> Optional.of(file).filter(f -> path.equals("/f")), later);
        try (TftpTestServer tftp = TftpTestServer.start(b -> b, slowSource)) {
            TftpClient client = TftpClient.builder().timeout(Duration.ofSeconds(2)).build();

            assertThat(client.get(tftp.address(), "/f")).isEqualTo(file);
            assertThatThrownBy(() -> client.get(tftp.address(), "/g")).hasMessageContaining("File not found");
        }
    }

    @Test
    void answersInternalErrorWhenTheLookupFailsOrNeverAnswers() {
        TftpFileSource broken = (path, client) -> path.equals("/throws")
                ? CompletableFuture.failedFuture(new IllegalStateException("database down"))
                : new CompletableFuture<>();
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.lookupTimeout(Duration.ofMillis(300)), broken);
             RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/throws"), tftp.address());
            RawPeer.Received failed = peer.receive();
            assertThat(failed.errorCode()).isEqualTo(TftpErrorCode.NOT_DEFINED);
            assertThat(failed.as(TftpPacket.ErrorPacket.class).message()).isEqualTo("Internal error").doesNotContain("database");
            assertThat(tftp.nextOutcome().detail()).isEqualTo("file lookup failed");

            peer.send(TftpPacket.ReadRequest.of("/hangs"), tftp.address());
            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.NOT_DEFINED);
            TftpTransferOutcome outcome = tftp.nextOutcome();
            assertThat(outcome.result()).isEqualTo(TftpTransferResult.ERROR);
            assertThat(outcome.detail()).isEqualTo("file lookup timed out");
            assertThat(tftp.server.activeTransfers()).isZero();
        }
    }

    @Test
    void keepsServingWhenTheListenerThrows() throws Exception {
        byte[] file = content(100, 6);
        TftpServerConfig config = TftpServerConfig.builder(LOOPBACK_ANY_PORT).build();
        TftpServer server = TftpServer.start(config, TftpFileSource.fromMap(Map.of("/f", file)), outcome -> {
            throw new IllegalStateException("listener bug");
        });
        try {
            TftpClient client = TftpClient.builder().build();
            assertThat(client.get(server.localAddress(), "/f")).isEqualTo(file);
            assertThat(client.get(server.localAddress(), "/f")).isEqualTo(file);
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void refusesConfigurationsOutsideTheirRanges() {
        assertThatThrownBy(() -> TftpServerConfig.builder(LOOPBACK_ANY_PORT).maxBlockSize(7).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpServerConfig.builder(LOOPBACK_ANY_PORT).maxBlockSize(65465).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpServerConfig.builder(LOOPBACK_ANY_PORT).maxTransfers(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpServerConfig.builder(LOOPBACK_ANY_PORT)
                .initialTimeout(Duration.ofSeconds(5)).maxTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpServerConfig.builder(InetSocketAddress.createUnresolved("nowhere.invalid", 69)).build())
                .isInstanceOf(IllegalArgumentException.class);
        TftpServerConfig defaults = TftpServerConfig.builder(new InetSocketAddress(TftpServerConfig.DEFAULT_PORT)).build();
        assertThat(defaults.maxBlockSize()).isEqualTo(1468);
        assertThat(defaults.maxRetries()).isEqualTo(5);
    }
}
