package io.keyturn.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted server: each test plays the server's side packet by packet. */
class TftpClientTest {

    private DatagramSocket requestPort;
    private DatagramSocket transferPort;
    private InetSocketAddress server;

    @BeforeEach
    void openServerSockets() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        requestPort = new DatagramSocket(0, loopback);
        transferPort = new DatagramSocket(0, loopback);
        requestPort.setSoTimeout(5_000);
        transferPort.setSoTimeout(5_000);
        server = new InetSocketAddress(loopback, requestPort.getLocalPort());
    }

    @AfterEach
    void closeServerSockets() {
        requestPort.close();
        transferPort.close();
    }

    /** Patient enough that no retransmission happens unless a test wants one. */
    private static TftpClient.Builder fastClient() {
        return TftpClient.builder().timeout(Duration.ofSeconds(3)).retries(2);
    }

    private CompletableFuture<TftpClient.Download> download(TftpClient client, String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.download(server, path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private record Received(TftpPacket packet, SocketAddress from) {
    }

    private static Received receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.receive(datagram);
        return new Received(TftpCodec.decode(buffer, 0, datagram.getLength()), datagram.getSocketAddress());
    }

    private static void send(DatagramSocket socket, TftpPacket packet, SocketAddress to) throws IOException {
        byte[] bytes = TftpCodec.encode(packet);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("download succeeded");
        } catch (Exception e) {
            Throwable t = e.getCause();
            return t instanceof UncheckedIOException u ? u.getCause() : t;
        }
    }

    @Test
    void asksForItsOptionsAndUsesTheNegotiatedBlockSize() throws Exception {
        byte[] file = bytes(2500);
        var result = download(fastClient().blockSize(1468).askTransferSize(true).timeoutOption(2).build(), "/spa962.cfg");

        Received rrq = receive(requestPort);
        assertThat(rrq.packet()).isEqualTo(new TftpPacket.ReadRequest("/spa962.cfg", TftpMode.OCTET,
                TftpOptions.of("blksize", "1468", "tsize", "0", "timeout", "2")));
        send(transferPort, new TftpPacket.OptionAck(TftpOptions.of("blksize", "1024", "tsize", "2500")), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(0));
        for (int block = 1; block <= 3; block++) {
            int from = (block - 1) * 1024;
            send(transferPort, new TftpPacket.Data(block, Arrays.copyOfRange(file, from, Math.min(file.length, from + 1024))), rrq.from());
            assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(block));
        }

        TftpClient.Download download = result.get(5, TimeUnit.SECONDS);
        assertThat(download.content()).isEqualTo(file);
        assertThat(download.negotiation().blockSize()).isEqualTo(1024);
        assertThat(download.negotiation().transferSize()).hasValue(2500);
        assertThat(download.blocks()).isEqualTo(3);
    }

    @Test
    void fallsBackTo512ByteBlocksWhenTheServerIgnoresOptions() throws Exception {
        byte[] file = bytes(512);
        var result = download(fastClient().blockSize(1468).build(), "f");

        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.Data(1, file), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));
        send(transferPort, new TftpPacket.Data(2, new byte[0]), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(2));

        TftpClient.Download download = result.get(5, TimeUnit.SECONDS);
        assertThat(download.content()).isEqualTo(file);
        assertThat(download.negotiation()).isEqualTo(TftpNegotiation.none());
    }

    @Test
    void reacknowledgesADuplicateBlockWithoutKeepingItTwice() throws Exception {
        byte[] first = bytes(512);
        var result = download(fastClient().build(), "f");

        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.Data(1, first), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));
        send(transferPort, new TftpPacket.Data(1, first), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));
        send(transferPort, new TftpPacket.Data(2, new byte[] {42}), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(2));

        byte[] expected = Arrays.copyOf(first, 513);
        expected[512] = 42;
        assertThat(result.get(5, TimeUnit.SECONDS).content()).isEqualTo(expected);
    }

    @Test
    void answersAStrangerWithError5AndCarriesOn() throws Exception {
        var result = download(fastClient().build(), "f");
        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.Data(1, bytes(512)), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));

        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            stranger.setSoTimeout(5_000);
            send(stranger, new TftpPacket.Data(2, new byte[] {1, 2, 3}), rrq.from());
            TftpPacket reply = receive(stranger).packet();
            assertThat(reply).isInstanceOf(TftpPacket.ErrorPacket.class);
            assertThat(((TftpPacket.ErrorPacket) reply).errorCode()).isEqualTo(TftpErrorCode.UNKNOWN_TRANSFER_ID);
        }
        send(transferPort, new TftpPacket.Data(2, new byte[] {9}), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(2));

        assertThat(result.get(5, TimeUnit.SECONDS).content()).hasSize(513).endsWith(9);
    }

    @Test
    void retransmitsItsRequestUntilTheServerAnswers() throws Exception {
        var result = download(fastClient().timeout(Duration.ofMillis(200)).build(), "f");

        Received first = receive(requestPort);
        Received second = receive(requestPort);
        assertThat(second.packet()).isEqualTo(first.packet());
        send(transferPort, new TftpPacket.Data(1, new byte[] {1}), second.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));

        TftpClient.Download download = result.get(5, TimeUnit.SECONDS);
        assertThat(download.content()).containsExactly(1);
        assertThat(download.retransmissions()).isPositive();
    }

    @Test
    void givesUpAfterItsRetriesWhenTheServerIsSilent() throws Exception {
        var result = download(fastClient().timeout(Duration.ofMillis(200)).retries(2).build(), "f");

        for (int i = 0; i < 3; i++) {
            assertThat(receive(requestPort).packet()).isEqualTo(TftpPacket.ReadRequest.of("f"));
        }

        assertThat(causeOf(result)).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("after 3 tries");
    }

    @Test
    void reportsTheServersErrorPacket() throws Exception {
        var result = download(fastClient().build(), "/missing.cfg");

        Received rrq = receive(requestPort);
        send(requestPort, TftpPacket.ErrorPacket.of(TftpErrorCode.FILE_NOT_FOUND, "File not found"), rrq.from());

        Throwable cause = causeOf(result);
        assertThat(cause).isInstanceOf(TftpException.class).hasMessageContaining("File not found");
        assertThat(((TftpException) cause).code()).isEqualTo(TftpErrorCode.FILE_NOT_FOUND);
        assertThat(((TftpException) cause).fromServer()).isTrue();
    }

    @Test
    void refusesAnOackBeyondItsRequestWithError8() throws Exception {
        var result = download(fastClient().blockSize(512).build(), "f");

        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.OptionAck(TftpOptions.of("blksize", "1468")), rrq.from());
        TftpPacket reply = receive(transferPort).packet();

        assertThat(reply).isInstanceOf(TftpPacket.ErrorPacket.class);
        assertThat(((TftpPacket.ErrorPacket) reply).errorCode()).isEqualTo(TftpErrorCode.OPTION_NEGOTIATION_FAILED);
        Throwable cause = causeOf(result);
        assertThat(((TftpException) cause).code()).isEqualTo(TftpErrorCode.OPTION_NEGOTIATION_FAILED);
        assertThat(((TftpException) cause).fromServer()).isFalse();
    }

    @Test
    void refusesAFileAnnouncedLargerThanItsLimit() throws Exception {
        var result = download(fastClient().askTransferSize(true).maxSize(1000).build(), "f");

        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.OptionAck(TftpOptions.of("tsize", "1001")), rrq.from());
        TftpPacket reply = receive(transferPort).packet();

        assertThat(((TftpPacket.ErrorPacket) reply).errorCode()).isEqualTo(TftpErrorCode.DISK_FULL);
        assertThat(causeOf(result)).isInstanceOf(TftpException.class).hasMessageContaining("limit of 1000");
    }

    @Test
    void stopsAFileThatGrowsPastItsLimit() throws Exception {
        var result = download(fastClient().maxSize(600).build(), "f");

        Received rrq = receive(requestPort);
        send(transferPort, new TftpPacket.Data(1, bytes(512)), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));
        send(transferPort, new TftpPacket.Data(2, bytes(512)), rrq.from());

        assertThat(((TftpPacket.ErrorPacket) receive(transferPort).packet()).errorCode()).isEqualTo(TftpErrorCode.DISK_FULL);
        assertThat(causeOf(result)).isInstanceOf(TftpException.class);
    }

    @Test
    void ignoresGarbageFromTheServerAndWaitsForARealBlock() throws Exception {
        var result = download(fastClient().build(), "f");

        Received rrq = receive(requestPort);
        byte[] garbage = {0, 3, 0};
        transferPort.send(new DatagramPacket(garbage, garbage.length, rrq.from()));
        send(transferPort, new TftpPacket.Data(1, new byte[] {5}), rrq.from());
        assertThat(receive(transferPort).packet()).isEqualTo(new TftpPacket.Ack(1));

        assertThat(result.get(5, TimeUnit.SECONDS).content()).containsExactly(5);
    }

    @Test
    void decodesNetasciiTransfers() throws Exception {
        var result = download(fastClient().mode(TftpMode.NETASCII).build(), "motd");

        Received rrq = receive(requestPort);
        assertThat(((TftpPacket.ReadRequest) rrq.packet()).mode()).isEqualTo(TftpMode.NETASCII);
        send(transferPort, new TftpPacket.Data(1, "a\r\nb\r\0c\r\n".getBytes(StandardCharsets.US_ASCII)), rrq.from());
        receive(transferPort);

        assertThat(new String(result.get(5, TimeUnit.SECONDS).content(), StandardCharsets.US_ASCII)).isEqualTo("a\nb\rc\n");
    }

    @Test
    void refusesSettingsOutsideTheRfcRanges() {
        assertThatThrownBy(() -> TftpClient.builder().blockSize(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpClient.builder().blockSize(65465)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpClient.builder().timeoutOption(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpClient.builder().mode(TftpMode.MAIL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpClient.builder().build().get(server, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
