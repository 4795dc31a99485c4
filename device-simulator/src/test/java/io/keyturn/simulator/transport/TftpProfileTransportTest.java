package io.keyturn.simulator.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpPacket;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TFTP transport against a minimal RFC 1350 responder on the loopback interface: it ignores
 * options (so the client falls back to 512-byte blocks, as with an old server) and serves from a map.
 */
class TftpProfileTransportTest {

    private static final DeviceIdentity UNIT = DeviceIdentity.of("000e08aabbcc", "SPA962", "88012BA01234");

    private final Map<String, byte[]> files = Map.of("/spa962.cfg", content(1300), "/profile/Dz3P/spa962.cfg?x=1",
            content(512));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final TftpProfileTransport transport = new TftpProfileTransport(TftpClient.builder()
            .blockSize(1468).askTransferSize(true).timeout(Duration.ofMillis(300)).retries(2).build());
    private DatagramSocket listener;
    private Thread responder;

    @BeforeEach
    void startResponder() throws SocketException {
        listener = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        responder = new Thread(this::serve, "tftp-responder");
        responder.setDaemon(true);
        responder.start();
    }

    @AfterEach
    void stopResponder() throws InterruptedException {
        listener.close();
        responder.join(2000);
    }

    @Test
    void fetchesAFileBlockByBlock() {
        FetchResult result = transport.fetch(target("/spa962.cfg"), FetchOptions.NONE, UNIT);

        assertThat(result.status()).isEqualTo(FetchResult.Status.FOUND);
        assertThat(result.body()).hasValueSatisfying(body -> assertThat(body).isEqualTo(files.get("/spa962.cfg")));
        assertThat(requests).containsExactly("/spa962.cfg");
    }

    @Test
    void sendsTheQueryAsPartOfTheFileNameAndHandlesAnExactMultipleOfTheBlockSize() {
        FetchTarget withQuery = new FetchTarget(UrlScheme.TFTP, "127.0.0.1", listener.getLocalPort(),
                "/profile/Dz3P/spa962.cfg", Optional.of("x=1"), false);

        FetchResult result = transport.fetch(withQuery, FetchOptions.NONE, UNIT);

        assertThat(result.body()).hasValueSatisfying(body -> assertThat(body).hasSize(512));
        assertThat(requests).containsExactly("/profile/Dz3P/spa962.cfg?x=1");
    }

    @Test
    void reportsErrorOneAsNotFound() {
        FetchResult result = transport.fetch(target("/missing.cfg"), FetchOptions.NONE, UNIT);

        assertThat(result.status()).isEqualTo(FetchResult.Status.NOT_FOUND);
        assertThat(result.detail()).isEqualTo("tftp error 1");
    }

    @Test
    void reportsASilentServerAsUnreachable() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            FetchTarget nobody = new FetchTarget(UrlScheme.TFTP, "127.0.0.1", silent.getLocalPort(), "/spa962.cfg",
                    Optional.empty(), false);

            assertThat(transport.fetch(nobody, FetchOptions.NONE, UNIT).status())
                    .isEqualTo(FetchResult.Status.UNREACHABLE);
        }
    }

    @Test
    void reportsAnUnknownHostAsUnreachable() {
        FetchTarget unknown = new FetchTarget(UrlScheme.TFTP, "no-such-host.invalid", 69, "/spa962.cfg",
                Optional.empty(), false);

        assertThat(transport.fetch(unknown, FetchOptions.NONE, UNIT).status()).isEqualTo(FetchResult.Status.UNREACHABLE);
    }

    private FetchTarget target(String path) {
        return new FetchTarget(UrlScheme.TFTP, "127.0.0.1", listener.getLocalPort(), path, Optional.empty(), false);
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!listener.isClosed()) {
            try {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                listener.receive(datagram);
                TftpPacket packet = TftpCodec.decode(buffer, 0, datagram.getLength());
                if (packet instanceof TftpPacket.ReadRequest request) {
                    requests.add(request.filename());
                    transfer(request.filename(), datagram.getSocketAddress());
                }
            } catch (IOException | RuntimeException e) {
                // Closed at the end of the test, or a transfer the client abandoned: wait for the next request.
            }
        }
    }

    /** Plain RFC 1350 from a fresh transfer ID: 512-byte blocks, each sent until it is acknowledged. */
    private void transfer(String name, SocketAddress client) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(1000);
            byte[] file = files.get(name);
            if (file == null) {
                send(socket, TftpPacket.ErrorPacket.of(TftpErrorCode.FILE_NOT_FOUND, "not found"), client);
                return;
            }
            byte[] ack = new byte[64];
            for (int block = 1, offset = 0; ; block++, offset += 512) {
                int end = Math.min(file.length, offset + 512);
                send(socket, new TftpPacket.Data(block, Arrays.copyOfRange(file, offset, end)), client);
                DatagramPacket reply = new DatagramPacket(ack, ack.length);
                socket.receive(reply);
                if (end - offset < 512) {
                    return;
                }
            }
        }
    }

    private static void send(DatagramSocket socket, TftpPacket packet, SocketAddress to) throws IOException {
        byte[] bytes = TftpCodec.encode(packet);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
