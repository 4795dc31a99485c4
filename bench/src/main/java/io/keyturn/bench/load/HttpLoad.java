package io.keyturn.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/1.1 load generator on non-blocking sockets, the same for keyturn and its anchor: several connections,
 * each sending GET at random paths and reading the whole response (Content-Length framed) before the next, either
 * reusing the connection (keep-alive) or with {@code Connection: close} and a new connection per request. Two
 * selector threads drive all the connections, as wrk does: on a machine the generator shares with the server, a
 * thread per connection cost 0.7-0.9 of a core at 16,000 paced requests a second, and its wakeups, late on a busy
 * machine, were charged to the server as latency.
 *
 * <p>Closed loop ({@link #closed}) measures peak throughput. Open loop ({@link #paced}) sends at a fixed rate and
 * measures each latency from the moment the request was due, not from when it was sent, so a stalled server is
 * charged for the requests that waited behind the stall (no coordinated omission).
 */
public final class HttpLoad {

    /**
     * What a run measured.
     *
     * @param wakeLate paced runs only: how long after its due time the generator got round to a request whose
     *     connection was idle and waiting for it. A server is charged for its latency from the due time, so this is
     *     the share of that latency that was the generator's own (or the machine's) lateness; empty for a closed loop
     * @param timeline paced runs only: each request's due time beside its latency; empty for a closed loop
     */
    public record Result(long completed, long errors, double seconds, Latencies latencies, Latencies wakeLate,
                         Timeline timeline) {
        public Result(long completed, long errors, double seconds, Latencies latencies) {
            this(completed, errors, seconds, latencies, new Latencies(), new Timeline());
        }

        /** p99 of {@link #wakeLate()} in milliseconds; NaN for a closed loop. */
        public double wakeLateP99() {
            return wakeLate.percentileMillis(0.99);
        }

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

    /** Selector threads; each drives every other connection. */
    static final int LOOPS = 2;
    private static final int MAX_HEAD = 8 * 1024;
    private static final long RESPONSE_TIMEOUT_NANOS = 10_000_000_000L;

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
        List<Latencies> lateParts = new ArrayList<>();
        List<Timeline> timelineParts = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
        InetSocketAddress target = new InetSocketAddress(host, port);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = rate > 0 ? (long) (1e9 * connections / rate) : 0;
        int loops = Math.min(LOOPS, connections);
        for (int l = 0; l < loops; l++) {
            Latencies lat = new Latencies();
            parts.add(lat);
            Latencies late = new Latencies();
            lateParts.add(late);
            Timeline timeline = new Timeline();
            timelineParts.add(timeline);
            List<Connection> mine = new ArrayList<>();
            for (int c = l; c < connections; c += loops) {
                // Paced: connection c's first request is due interval * c / connections after the start, so the
                // requests of all connections are spread evenly over each interval.
                mine.add(new Connection(new SplittableRandom(seed + c),
                        interval > 0 ? start + interval * c / connections : start));
            }
            Thread t = new Thread(() -> {
                try {
                    new Loop(target, mine, keepAlive, interval, end, lat, late, timeline, errors).run();
                } catch (IOException | RuntimeException e) {
                    crashes.add(e);
                }
            }, "bench-http-" + l);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!crashes.isEmpty()) {
            throw new IllegalStateException("HTTP load loop failed", crashes.get(0));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(parts);
        return new Result(all.size(), errors.get(), seconds, all, Latencies.merge(lateParts),
                Timeline.merge(timelineParts));
    }

    /** One connection's state: its socket, the request being sent, and the response being read. */
    private static final class Connection {
        final SplittableRandom random;
        SocketChannel channel;
        ByteBuffer request;
        boolean busy;
        /** When the next request is due (paced), or may start (closed loop). */
        long due;
        /** The latency's origin: when the request was due (paced) or sent (closed loop). */
        long origin;
        final byte[] head = new byte[MAX_HEAD];
        int headLength;
        int matched;
        boolean inBody;
        long bodyLeft;
        int status;
        boolean serverCloses;

        Connection(SplittableRandom random, long firstDue) {
            this.random = random;
            this.due = firstDue;
        }
    }

    /**
     * Drives a share of the connections from one selector: a response is read, and the next request sent, by the
     * thread that was already awake, with no thread woken per request. The generator shares the cores with the
     * server it measures, and what it spends per request is taken from the server.
     */
    private final class Loop {
        private final InetSocketAddress target;
        private final List<Connection> connections;
        private final boolean keepAlive;
        private final long interval;
        private final long end;
        private final Latencies lat;
        private final Latencies late;
        private final Timeline timeline;
        private final AtomicLong errors;
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);

        Loop(InetSocketAddress target, List<Connection> connections, boolean keepAlive, long interval, long end,
             Latencies lat, Latencies late, Timeline timeline, AtomicLong errors) {
            this.target = target;
            this.connections = connections;
            this.keepAlive = keepAlive;
            this.interval = interval;
            this.end = end;
            this.lat = lat;
            this.late = late;
            this.timeline = timeline;
            this.errors = errors;
        }

        void run() throws IOException {
            try (Selector selector = Selector.open()) {
                while (true) {
                    long now = System.nanoTime();
                    long nextDue = Long.MAX_VALUE;
                    int live = 0;
                    for (Connection c : connections) {
                        if (c.busy && now - c.origin > RESPONSE_TIMEOUT_NANOS) {
                            fail(c);
                        }
                        if (!c.busy && c.due < end) {
                            if (c.due <= now) {
                                if (interval > 0) {
                                    // Idle since before its due time: any delay here is the generator's wakeup.
                                    late.add(now - c.due);
                                }
                                start(selector, c, now);
                            } else {
                                nextDue = Math.min(nextDue, c.due);
                            }
                        }
                        if (c.busy || c.due < end) {
                            live++;
                        }
                    }
                    if (live == 0) {
                        break;
                    }
                    long wait = nextDue == Long.MAX_VALUE ? 100_000_000L : nextDue - now;
                    if (wait < 1_000_000L) {
                        // epoll waits in whole milliseconds: a request due sooner is served by the next wakeup
                        // (at a paced rate of thousands a second, a response arrives well within the millisecond)
                        selector.select(1);
                    } else {
                        selector.select(wait / 1_000_000L);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isConnectable()) {
                                c.channel.finishConnect();
                                send(key, c);
                            } else if (key.isWritable()) {
                                send(key, c);
                            } else if (key.isReadable() && receive(c)) {
                                complete(selector, c);
                            }
                        } catch (IOException | java.nio.channels.CancelledKeyException e) {
                            fail(c);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } finally {
                for (Connection c : connections) {
                    closeQuietly(c.channel);
                    c.channel = null;
                }
            }
        }

        private void start(Selector selector, Connection c, long now) {
            c.origin = interval > 0 ? c.due : now;
            c.busy = true;
            c.headLength = 0;
            c.matched = 0;
            c.inBody = false;
            String path = paths.get(c.random.nextInt(paths.size()));
            c.request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: keyturn-bench\r\n"
                    + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                if (c.channel == null) {
                    c.channel = SocketChannel.open();
                    c.channel.configureBlocking(false);
                    c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    SelectionKey key = c.channel.register(selector, 0, c);
                    if (c.channel.connect(target)) {
                        send(key, c);
                    } else {
                        key.interestOps(SelectionKey.OP_CONNECT);
                    }
                } else {
                    send(c.channel.keyFor(selector), c);
                }
            } catch (IOException e) {
                fail(c);
            }
        }

        private void send(SelectionKey key, Connection c) throws IOException {
            c.channel.write(c.request);
            key.interestOps(c.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what has arrived; true once the whole response is in. */
        private boolean receive(Connection c) throws IOException {
            while (true) {
                in.clear();
                int n = c.channel.read(in);
                if (n < 0) {
                    throw new IOException("connection closed before the whole response");
                }
                if (n == 0) {
                    return false;
                }
                in.flip();
                while (in.hasRemaining() && !c.inBody) {
                    byte b = in.get();
                    if (c.headLength == c.head.length) {
                        throw new IOException("response head longer than " + MAX_HEAD + " bytes");
                    }
                    c.head[c.headLength++] = b;
                    c.matched = towardsBlankLine(c.matched, b);
                    if (c.matched == 4) {
                        long[] head = parseHead(new String(c.head, 0, c.headLength, StandardCharsets.US_ASCII));
                        c.status = (int) head[0];
                        c.bodyLeft = head[1];
                        c.serverCloses = head[2] == 1;
                        c.inBody = true;
                    }
                }
                if (c.inBody) {
                    int take = (int) Math.min(in.remaining(), c.bodyLeft);
                    in.position(in.position() + take);
                    c.bodyLeft -= take;
                    if (c.bodyLeft == 0) {
                        return true;
                    }
                }
            }
        }

        private void complete(Selector selector, Connection c) {
            long now = System.nanoTime();
            lat.add(now - c.origin);
            if (interval > 0) {
                timeline.add(c.origin, now - c.origin);
            }
            if (c.status != 200) {
                errors.incrementAndGet();
            }
            if (!keepAlive || c.serverCloses) {
                closeQuietly(c.channel);
                c.channel = null;
            }
            next(c, now);
            if (c.due <= now && c.due < end) {
                start(selector, c, now);
            }
        }

        private void fail(Connection c) {
            errors.incrementAndGet();
            closeQuietly(c.channel);
            c.channel = null;
            next(c, System.nanoTime());
        }

        private void next(Connection c, long now) {
            c.busy = false;
            c.due = interval > 0 ? c.due + interval : now;
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
            matched = towardsBlankLine(matched, b);
        }
        return parseHead(head.toString());
    }

    /** How much of the CR LF CR LF that ends a head (0-4) has been read, once {@code b} follows {@code matched}. */
    private static int towardsBlankLine(int matched, int b) {
        if (b == '\r') {
            return matched == 0 || matched == 2 ? matched + 1 : 1;
        }
        return b == '\n' && (matched == 1 || matched == 3) ? matched + 1 : 0;
    }

    /**
     * Status, Content-Length (0 when absent) and whether the server closes the connection (1) or not (0), of a whole
     * response head, blank line included.
     */
    static long[] parseHead(String text) throws IOException {
        if (text.length() < 12 || !text.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        long status;
        long length = 0;
        long close = 0;
        try {
            status = Long.parseLong(text.substring(9, 12));
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                String name = colon > 0 ? line.substring(0, colon).trim() : "";
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(line.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("connection")
                        && line.substring(colon + 1).trim().equalsIgnoreCase("close")) {
                    close = 1;
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("malformed response head", e);
        }
        return new long[] {status, length, close};
    }

    private static void closeQuietly(java.io.Closeable socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing after a failure: nothing more to learn
            }
        }
    }
}
