package io.keyturn.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TFTP read transfers (RFC 1350, octet mode, 512-byte blocks as SPA units use by default) from several clients at
 * once, each a thread fetching a random path, then the next. A transfer counts when its last (short) block is
 * acknowledged; a timeout, an error packet or a lost transfer counts as an error.
 */
public final class TftpLoad {

    private static final int DATA = 3;
    private static final int ACK = 4;
    private static final int ERROR = 5;
    private static final int RETRIES = 5;

    private final InetAddress host;
    private final int port;
    private final List<String> paths;

    public TftpLoad(String host, int port, List<String> paths) throws IOException {
        this.host = InetAddress.getByName(host);
        this.port = port;
        this.paths = List.copyOf(paths);
    }

    public HttpLoad.Result run(int clients, Duration duration, long seed) throws InterruptedException {
        List<Latencies> parts = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            Latencies lat = new Latencies();
            parts.add(lat);
            SplittableRandom random = new SplittableRandom(seed + c);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        fetch(paths.get(random.nextInt(paths.size())));
                        lat.add(System.nanoTime() - t0);
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-tftp-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = Latencies.merge(parts);
        return new HttpLoad.Result(all.size(), errors.get(), seconds, all);
    }

    /** One whole transfer; returns the file. */
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
            byte[] buf = new byte[516];
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
                    if (in.getLength() < 516) {
                        return file.toByteArray();
                    }
                    expected++;
                }
            }
        }
    }
}
