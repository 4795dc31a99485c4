package io.keyturn.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP/1.1 load generator on plain sockets, the same for keyturn and its anchor: several connections, each
 * a thread sending GET at random paths and reading the whole response (Content-Length framed) before the next,
 * either reusing the connection (keep-alive) or with {@code Connection: close} and a new connection per request.
 *
 * <p>Closed loop ({@link #closed}) measures peak throughput. Open loop ({@link #paced}) sends at a fixed rate and
 * measures each latency from the moment the request was due, not from when it was sent, so a stalled server is
 * charged for the requests that waited behind the stall (no coordinated omission).
 */
public final class HttpLoad {

    /** What a run measured. */
    public record Result(long completed, long errors, double seconds, Latencies latencies) {
        public double perSecond() {
            return completed / seconds;
        }

        public double p50() {
            return latencies.percentileMillis(0.50);
        }

        public double p99() {
            return latencies.percentileMillis(0.99);
        }
    }

    private final String host;
    private final int port;
    private final List<String> paths;

    public HttpLoad(String host, int port, List<String> paths) {
        this.host = host;
        this.port = port;
        this.paths = List.copyOf(paths);
    }

    public Result closed(int connections, boolean keepAlive, Duration duration, long seed) throws InterruptedException {
        return run(connections, keepAlive, duration, seed, 0);
    }

    /** Sends {@code ratePerSecond} requests a second in all, spread over the connections (keep-alive). */
    public Result paced(int connections, double ratePerSecond, Duration duration, long seed) throws InterruptedException {
        return run(connections, true, duration, seed, ratePerSecond);
    }

    private Result run(int connections, boolean keepAlive, Duration duration, long seed, double rate)
            throws InterruptedException {
        List<Latencies> parts = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = rate > 0 ? (long) (1e9 * connections / rate) : 0;
        for (int c = 0; c < connections; c++) {
            Latencies lat = new Latencies();
            parts.add(lat);
            SplittableRandom random = new SplittableRandom(seed + c);
            long offset = interval > 0 ? interval * c / connections : 0;
            Thread t = new Thread(() -> client(keepAlive, end, random, lat, errors, interval, start + offset),
                    "bench-http-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(parts);
        return new Result(all.size(), errors.get(), seconds, all);
    }

    private void client(boolean keepAlive, long end, SplittableRandom random, Latencies lat, AtomicLong errors,
                        long interval, long firstDue) {
        byte[] buffer = new byte[64 * 1024];
        Socket socket = null;
        InputStream in = null;
        long due = firstDue;
        try {
            while (true) {
                long sent;
                if (interval > 0) {
                    long now = System.nanoTime();
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                    }
                    sent = due;
                    due += interval;
                } else {
                    sent = System.nanoTime();
                }
                if (sent >= end) {
                    break;
                }
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(host, port), 5000);
                        socket.setSoTimeout(10_000);
                        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    }
                    String path = paths.get(random.nextInt(paths.size()));
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: keyturn-bench\r\n"
                            + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int status = readResponse(in, buffer);
                    lat.add(System.nanoTime() - sent);
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                    if (!keepAlive) {
                        socket.close();
                        socket = null;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    closeQuietly(socket);
                    socket = null;
                }
            }
        } finally {
            closeQuietly(socket);
        }
    }

    /** Reads one response: the head up to the blank line, then Content-Length bytes. Returns the status. */
    public static int readResponse(InputStream in, byte[] buffer) throws IOException {
        long[] head = readHead(in);
        long length = head[1];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                throw new IOException("connection closed in the body");
            }
            length -= n;
        }
        return (int) head[0];
    }

    /** Reads one response and returns its body; anything but 200 is an error. */
    public static byte[] readBody(InputStream in) throws IOException {
        long[] head = readHead(in);
        if (head[0] != 200) {
            throw new IOException("status " + head[0]);
        }
        return in.readNBytes((int) head[1]);
    }

    /** Status and Content-Length of a response head. */
    private static long[] readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.append((char) b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString();
        if (text.length() < 12 || !text.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        long status = Long.parseLong(text.substring(9, 12));
        long length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return new long[] {status, length};
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing after a failure: nothing more to learn
            }
        }
    }
}
