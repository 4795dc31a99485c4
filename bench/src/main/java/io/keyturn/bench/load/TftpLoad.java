package io.keyturn.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TFTP read transfers (RFC 1350, octet mode, 512-byte blocks as SPA units use by default) from several clients at
 * once, each fetching a random path, then the next, from a fresh socket (a fresh port) per transfer. A transfer counts
 * when its last (short) block is acknowledged; a timeout, an error packet or a lost transfer counts as an error.
 *
 * <p>The clients are not a thread each. {@link #LOOPS} threads each drive their share of the clients from one
 * selector, the way an event-loop load generator (wrk, h2load) does: every DATA is answered by the thread that was
 * already awake, with no thread woken per packet. The generator shares the machine's two cores with the server it
 * measures, so what it spends per packet is taken from the server. With a blocking thread per client, the generator
 * cost about as much as our server per transfer, and every server looked alike.
 */
public final class TftpLoad {

    /** Selector threads; each drives {@code clients / LOOPS} transfers at a time. */
    static final int LOOPS = 2;
    private static final int DATA = 3;
    private static final int ACK = 4;
    private static final int ERROR = 5;
    private static final int BLOCK = 512;
    private static final int RETRIES = 5;
    private static final long TIMEOUT_NANOS = 1_000_000_000L;

    private final InetAddress host;
    private final int port;
    private final List<String> paths;
    private final int expectedSize;

    /**
     * @param expectedSize the size of every file, so a transfer that delivers another count is an error; -1 for any
     */
    public TftpLoad(String host, int port, List<String> paths, int expectedSize) throws IOException {
        this.host = InetAddress.getByName(host);
        this.port = port;
        this.paths = List.copyOf(paths);
        this.expectedSize = expectedSize;
    }

    public HttpLoad.Result run(int clients, Duration duration, long seed) throws InterruptedException {
        List<Latencies> parts = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int loops = Math.min(LOOPS, clients);
        for (int l = 0; l < loops; l++) {
            Latencies lat = new Latencies();
            parts.add(lat);
            int share = clients / loops + (l < clients % loops ? 1 : 0);
            SplittableRandom random = new SplittableRandom(seed + l);
            Thread t = new Thread(() -> {
                try {
                    loop(share, end, random, lat, errors);
                } catch (IOException | RuntimeException e) {
                    crashes.add(e);
                }
            }, "bench-tftp-" + l);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!crashes.isEmpty()) {
            throw new IllegalStateException("TFTP load loop failed", crashes.get(0));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(parts);
        return new HttpLoad.Result(all.size(), errors.get(), seconds, all);
    }

    /** One selector thread's transfers: {@code clients} at a time until {@code end}, each followed by the next. */
    private void loop(int clients, long end, SplittableRandom random, Latencies lat, AtomicLong errors)
            throws IOException {
        InetSocketAddress server = new InetSocketAddress(host, port);
        ByteBuffer in = ByteBuffer.allocateDirect(BLOCK + 4 + 64);
        try (Selector selector = Selector.open()) {
            Transfer[] transfers = new Transfer[clients];
            for (int i = 0; i < clients; i++) {
                transfers[i] = new Transfer(server, expectedSize);
                transfers[i].begin(selector, paths.get(random.nextInt(paths.size())));
            }
            int open = clients;
            while (open > 0) {
                long now = System.nanoTime();
                long wait = TIMEOUT_NANOS;
                for (Transfer t : transfers) {
                    if (t.channel != null) {
                        wait = Math.min(wait, t.deadline - now);
                    }
                }
                if (wait > 0) {
                    selector.select(Math.max(1, wait / 1_000_000));
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Transfer t = (Transfer) key.attachment();
                    int outcome = t.receive(in);
                    if (outcome != Transfer.GOING) {
                        long finished = System.nanoTime();
                        if (outcome == Transfer.DONE) {
                            lat.add(finished - t.began);
                        } else {
                            errors.incrementAndGet();
                        }
                        if (!following(t, selector, random, finished, end)) {
                            open--;
                        }
                    }
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
                for (Transfer t : transfers) {
                    if (t.channel != null && now >= t.deadline && !t.retransmit(now)) {
                        errors.incrementAndGet();
                        if (!following(t, selector, random, now, end)) {
                            open--;
                        }
                    }
                }
            }
        }
    }

    /** Ends {@code t} and, before {@code end}, starts the client's next transfer; false when the client is done. */
    private boolean following(Transfer t, Selector selector, SplittableRandom random, long now, long end) {
        t.close();
        if (now >= end) {
            return false;
        }
        t.begin(selector, paths.get(random.nextInt(paths.size())));
        return true;
    }

    /** One client's transfer in flight: its socket, the block it waits for and what it last sent. */
    private static final class Transfer {
        static final int GOING = 0;
        static final int DONE = 1;
        static final int FAILED = 2;

        private final InetSocketAddress server;
        private final int expectedSize;
        private final ByteBuffer last = ByteBuffer.allocateDirect(1100);
        private DatagramChannel channel;
        private SocketAddress peer;
        private SocketAddress lastTarget;
        private int expected;
        private long received;
        private int tries;
        private long deadline;
        private long began;

        Transfer(InetSocketAddress server, int expectedSize) {
            this.server = server;
            this.expectedSize = expectedSize;
        }

        void begin(Selector selector, String path) {
            try {
                channel = DatagramChannel.open();
                channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, this);
                last.clear();
                last.putShort((short) 1).put(path.getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                        .put("octet".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).flip();
                peer = null;
                expected = 1;
                received = 0;
                tries = 0;
                began = System.nanoTime();
                send(server, began);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a TFTP transfer", e);
            }
        }

        /**
         * Reads what is waiting; returns GOING, DONE (last block acknowledged) or FAILED (an error packet, or a file
         * of another size than expected).
         */
        int receive(ByteBuffer in) throws IOException {
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (from == null) {
                    return GOING;
                }
                in.flip();
                if (peer == null) {
                    peer = from; // the server's transfer ID: its first answer's port
                } else if (!peer.equals(from)) {
                    continue;
                }
                int length = in.remaining();
                if (length < 4) {
                    continue;
                }
                int op = in.getShort(0) & 0xffff;
                if (op == ERROR) {
                    return FAILED;
                }
                int block = in.getShort(2) & 0xffff;
                if (op != DATA || block != (expected & 0xffff)) {
                    continue; // a duplicate or a stray: only the timer resends (Sorcerer's Apprentice)
                }
                last.clear();
                last.putShort((short) ACK).putShort((short) block).flip();
                tries = 0;
                received += length - 4;
                send(peer, System.nanoTime());
                if (length < BLOCK + 4) {
                    return expectedSize < 0 || received == expectedSize ? DONE : FAILED;
                }
                expected++;
                // Stop-and-wait: nothing more comes until the server has our ACK, so another receive would find
                // the socket empty. Skipping it saves the generator a syscall per block on the cores the server
                // needs; a stray queued behind is still reported by the next select.
                return GOING;
            }
        }

        /** Resends the last packet after a timeout; false once the retries are spent. */
        boolean retransmit(long now) {
            if (++tries > RETRIES) {
                return false;
            }
            try {
                send(lastTarget, now);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private void send(SocketAddress target, long now) throws IOException {
            lastTarget = target;
            last.rewind();
            channel.send(last, target);
            deadline = now + TIMEOUT_NANOS;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // the transfer is over either way
            }
            channel = null;
        }
    }

    /** One whole transfer on a blocking socket; returns the file (the probe that checks an anchor serves it). */
    public byte[] fetch(String path) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(1000);
            byte[] name = path.getBytes(StandardCharsets.US_ASCII);
            byte[] rrq = new byte[2 + name.length + 1 + 5 + 1];
            rrq[1] = 1;
            System.arraycopy(name, 0, rrq, 2, name.length);
            System.arraycopy("octet".getBytes(StandardCharsets.US_ASCII), 0, rrq, 3 + name.length, 5);
            DatagramPacket request = new DatagramPacket(rrq, rrq.length, host, port);
            socket.send(request);
            ByteArrayOutputStream file = new ByteArrayOutputStream(32 * 1024);
            byte[] buf = new byte[BLOCK + 4];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            byte[] ack = new byte[4];
            ack[1] = ACK;
            DatagramPacket last = request;
            InetSocketAddress peer = null;
            int expected = 1;
            int tries = 0;
            while (true) {
                in.setLength(buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    if (++tries > RETRIES) {
                        throw new IOException("transfer of " + path + " timed out at block " + expected);
                    }
                    socket.send(last);
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                if (peer == null) {
                    peer = from;
                } else if (!peer.equals(from)) {
                    continue;
                }
                int op = ((buf[0] & 0xff) << 8) | (buf[1] & 0xff);
                if (op == ERROR) {
                    throw new IOException("error packet for " + path);
                }
                if (op != DATA || in.getLength() < 4) {
                    continue;
                }
                int block = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
                if (block == (expected & 0xffff)) {
                    file.write(buf, 4, in.getLength() - 4);
                    ack[2] = buf[2];
                    ack[3] = buf[3];
                    last = new DatagramPacket(ack.clone(), 4, peer);
                    socket.send(last);
                    tries = 0;
                    if (in.getLength() < BLOCK + 4) {
                        return file.toByteArray();
                    }
                    expected++;
                }
            }
        }
    }
}
