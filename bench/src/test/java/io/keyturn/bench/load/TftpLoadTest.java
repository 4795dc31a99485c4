package io.keyturn.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The selector-driven load against a small lock-step TFTP server in the test: it answers each request from a port of
 * its own, as tftp-hpa and delivery do, and can lose packets, send another size or refuse.
 */
class TftpLoadTest {

    private static final int SIZE = 48 * 512; // like the bench's files: a whole number of blocks, so an empty last one

    private LockStepServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsWholeTransfersOfTheExpectedSizeWithNoErrors() throws Exception {
        server = new LockStepServer(SIZE, 0, false);
        HttpLoad.Result r = new TftpLoad("127.0.0.1", server.port(), List.of("/a.cfg", "/b.cfg"), SIZE)
                .run(6, Duration.ofMillis(700), 1);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isGreaterThan(10);
        // the server counts a transfer when the last ACK reaches it, a moment after the client sent it
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (server.completed.get() < r.completed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.completed.get()).isEqualTo(r.completed());
        assertThat(r.p50()).isPositive();
    }

    @Test
    void aLostDataPacketIsRecoveredByTheTimerNotCountedAsAnError() throws Exception {
        server = new LockStepServer(SIZE, 7, false); // drops the first sending of block 7 in every transfer
        HttpLoad.Result r = new TftpLoad("127.0.0.1", server.port(), List.of("/a.cfg"), SIZE)
                .run(2, Duration.ofMillis(1500), 2);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isPositive();
        // each completed transfer waited out one client timeout (1 s) before its ACK 6 was resent
        assertThat(r.p50()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aFileOfAnotherSizeIsAnError() throws Exception {
        server = new LockStepServer(SIZE - 100, 0, false);
        HttpLoad.Result r = new TftpLoad("127.0.0.1", server.port(), List.of("/a.cfg"), SIZE)
                .run(2, Duration.ofMillis(300), 3);

        assertThat(r.completed()).isZero();
        assertThat(r.errors()).isPositive();
    }

    @Test
    void anErrorPacketIsAnError() throws Exception {
        server = new LockStepServer(SIZE, 0, true);
        HttpLoad.Result r = new TftpLoad("127.0.0.1", server.port(), List.of("/a.cfg"), SIZE)
                .run(2, Duration.ofMillis(200), 4);

        assertThat(r.completed()).isZero();
        assertThat(r.errors()).isPositive();
    }

    @Test
    void theBlockingProbeReturnsTheWholeFile() throws Exception {
        server = new LockStepServer(SIZE, 0, false);
        byte[] file = new TftpLoad("127.0.0.1", server.port(), List.of("/a.cfg"), SIZE).fetch("/a.cfg");

        assertThat(file).hasSize(SIZE);
        assertThat(file[SIZE - 1]).isEqualTo(LockStepServer.contentByte(SIZE - 1));
    }

    /** RFC 1350 read transfers, 512-byte blocks, one thread per transfer, each on a fresh port. */
    private static final class LockStepServer implements AutoCloseable {
        private final DatagramSocket requests;
        private final ExecutorService transfers = Executors.newCachedThreadPool();
        private final int size;
        private final int dropOnce;
        private final boolean refuse;
        final AtomicInteger completed = new AtomicInteger();

        LockStepServer(int size, int dropOnce, boolean refuse) throws SocketException {
            this.size = size;
            this.dropOnce = dropOnce;
            this.refuse = refuse;
            requests = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            transfers.submit(this::accept);
        }

        int port() {
            return requests.getLocalPort();
        }

        static byte contentByte(int i) {
            return (byte) (i * 31 + 7);
        }

        private void accept() {
            byte[] buf = new byte[600];
            while (!requests.isClosed()) {
                DatagramPacket rrq = new DatagramPacket(buf, buf.length);
                try {
                    requests.receive(rrq);
                } catch (IOException e) {
                    return;
                }
                InetSocketAddress client = (InetSocketAddress) rrq.getSocketAddress();
                transfers.submit(() -> serve(client));
            }
        }

        private void serve(InetSocketAddress client) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                if (refuse) {
                    byte[] error = {0, 5, 0, 1, 'n', 'o', 0};
                    s.send(new DatagramPacket(error, error.length, client));
                    return;
                }
                s.setSoTimeout(1500);
                boolean dropped = false;
                byte[] ack = new byte[16];
                for (int block = 1; ; block++) {
                    int from = (block - 1) * 512;
                    int n = Math.max(0, Math.min(512, size - from));
                    byte[] data = new byte[4 + n];
                    data[1] = 3;
                    data[2] = (byte) (block >> 8);
                    data[3] = (byte) block;
                    for (int i = 0; i < n; i++) {
                        data[4 + i] = contentByte(from + i);
                    }
                    boolean acked = false;
                    for (int attempt = 0; attempt < 4 && !acked; attempt++) {
                        if (block == dropOnce && !dropped) {
                            dropped = true; // lost on the way: the client's timer has to resend its last ACK
                        } else {
                            s.send(new DatagramPacket(data, data.length, client));
                        }
                        try {
                            DatagramPacket in = new DatagramPacket(ack, ack.length);
                            s.receive(in);
                            acked = ack[1] == 4 && ((ack[2] & 0xff) << 8 | (ack[3] & 0xff)) == block;
                        } catch (SocketTimeoutException e) {
                            // resend
                        }
                    }
                    if (!acked) {
                        return;
                    }
                    if (n < 512) {
                        completed.incrementAndGet();
                        return;
                    }
                }
            } catch (IOException e) {
                // the test's client went away
            }
        }

        @Override
        public void close() {
            requests.close();
            transfers.shutdownNow();
        }
    }
}
