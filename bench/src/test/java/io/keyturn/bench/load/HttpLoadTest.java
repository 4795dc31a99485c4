package io.keyturn.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The selector-driven HTTP load against a small blocking HTTP/1.1 server in the test that counts what it sees. */
class HttpLoadTest {

    private static final int SIZE = 24 * 1024;

    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keepAliveReadsWholeResponsesOverOneConnectionEach() throws Exception {
        server = new TestServer(0, 0);
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a", "/b")).closed(6, true,
                Duration.ofMillis(600), 1);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isGreaterThan(50);
        assertThat(server.requests.get()).isEqualTo(r.completed());
        assertThat(server.connections.get()).isEqualTo(6);
    }

    @Test
    void connectionCloseOpensAConnectionPerRequest() throws Exception {
        server = new TestServer(0, 0);
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a")).closed(4, false,
                Duration.ofMillis(500), 2);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isGreaterThan(20);
        assertThat(server.connections.get()).isEqualTo(server.requests.get()).isEqualTo((int) r.completed());
    }

    @Test
    void aServerThatClosesAfterSomeRequestsCostsAReconnectNotAnError() throws Exception {
        server = new TestServer(5, 0); // "Connection: close" on every 5th response, as nginx after keepalive_requests
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a")).closed(3, true,
                Duration.ofMillis(500), 3);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isGreaterThan(20);
        assertThat(server.connections.get()).isGreaterThan(3);
    }

    @Test
    void pacedSendsAtTheRateAskedFor() throws Exception {
        server = new TestServer(0, 0);
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a")).paced(4, 400,
                Duration.ofSeconds(1), 4);

        assertThat(r.errors()).isZero();
        assertThat(r.completed()).isEqualTo(400); // every request due within the second, 100 per connection
        // Answered at once (10 ms between one connection's requests), a connection is idle when its next request falls
        // due, so nearly every send is a generator wakeup; one answered after the next was due is sent at once.
        assertThat(r.wakeLate().size()).isBetween(200, 400);
    }

    @Test
    void pacedLatencyCountsFromWhenTheRequestWasDue() throws Exception {
        server = new TestServer(0, 40); // every response 40 ms late: one connection at 50/s falls behind
        long before = System.nanoTime();
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a")).paced(1, 50,
                Duration.ofMillis(500), 5);

        // All 25 requests due in the half second are sent, back to back at 25/s, so the run takes about a second.
        // Each waited for the ones before it: the last was due at 480 ms and answered at about 1,000 ms. Timed from
        // its send instead, every latency would be 40 ms.
        assertThat(r.completed()).isEqualTo(25);
        assertThat(r.p99()).isGreaterThan(300);
        // Only the first request found its connection idle; the rest waited on the slow server, which is the
        // server's latency and not the generator's lateness.
        assertThat(r.wakeLate().size()).isEqualTo(1);
        // The timeline keeps each request's due time beside its latency: the five due in the first 90 ms (every
        // 20 ms from the start) waited least.
        assertThat(r.timeline().size()).isEqualTo(25);
        Latencies firstFive = r.timeline().latenciesWhereDue(due -> due - before < 90_000_000L);
        assertThat(firstFive.size()).isEqualTo(5);
        assertThat(firstFive.percentileMillis(1.0)).isLessThan(r.p99());
        assertThat(r.timeline().latenciesWhereDue(due -> true).percentileMillis(0.99)).isEqualTo(r.p99());
    }

    @Test
    void aClosedLoopHasNoDueTimesToBeLateFor() throws Exception {
        server = new TestServer(0, 0);
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/a")).closed(2, true,
                Duration.ofMillis(200), 6);

        assertThat(r.completed()).isPositive();
        assertThat(r.wakeLate().size()).isZero();
        assertThat(r.wakeLateP99()).isNaN();
        assertThat(r.timeline().size()).isZero();
    }

    @Test
    void anythingButTwoHundredIsAnError() throws Exception {
        server = new TestServer(0, 0);
        HttpLoad.Result r = new HttpLoad("127.0.0.1", server.port(), List.of("/missing")).closed(2, true,
                Duration.ofMillis(200), 6);

        assertThat(r.completed()).isPositive();
        assertThat(r.errors()).isEqualTo(r.completed());
    }

    @Test
    void aRefusedConnectionIsAnErrorAndTheRunStillEnds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpLoad.Result r = new HttpLoad("127.0.0.1", port, List.of("/a")).paced(2, 50, Duration.ofMillis(300), 7);

        assertThat(r.completed()).isZero();
        assertThat(r.errors()).isPositive();
    }

    /** HTTP/1.1 on blocking sockets: 200 with a 24 KB body, 404 for /missing, keep-alive unless asked to close. */
    private static final class TestServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService pool = Executors.newCachedThreadPool();
        private final int closeEvery;
        private final long delayMillis;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        TestServer(int closeEvery, long delayMillis) throws IOException {
            this.closeEvery = closeEvery;
            this.delayMillis = delayMillis;
            pool.submit(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    connections.incrementAndGet();
                    pool.submit(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            byte[] body = new byte[SIZE];
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                // Head and body in one write: two small writes met Nagle and the client's delayed ACK (40 ms each).
                OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), SIZE + 256);
                for (int served = 1; ; served++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    requests.incrementAndGet();
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    boolean missing = head.startsWith("GET /missing ");
                    boolean close = head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n")
                            || closeEvery > 0 && served % closeEvery == 0;
                    int length = missing ? 0 : SIZE;
                    out.write(((missing ? "HTTP/1.1 404 Not Found" : "HTTP/1.1 200 OK") + "\r\nContent-Length: "
                            + length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, length);
                    out.flush();
                    if (close) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            pool.shutdownNow();
        }
    }
}
