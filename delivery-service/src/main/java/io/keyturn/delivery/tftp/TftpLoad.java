package io.keyturn.delivery.tftp;

import io.keyturn.protocol.tftp.TftpClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TFTP load generator for the bench module: N concurrent clients, each fetching one file after
 * another, until a transfer count or a time limit is reached; reports transfers/s and latency
 * percentiles. It drives any TFTP server (ours, or tftp-hpa's {@code in.tftpd} as the anchor),
 * but only on a loopback address: it is a benchmark, not a flood tool.
 *
 * <p>Each transfer stands for a different device: against an IPv4 loopback target, transfer n
 * is sent from its own address in 127.0.0.0/8 (never 127.0.0.1), as every device has its own
 * address. From one shared address, the system recycles ephemeral ports so quickly that a new
 * download may reuse the port of one that just ended; a server that recognises resent requests
 * (ours does, see DESIGN.md) then takes an identical request for a resent copy until its duplicate
 * window passes. Pass {@code sharedSource} to measure that case.
 *
 * <pre>{@code
 * java -cp ... io.keyturn.delivery.tftp.TftpLoad --port 6969 --path /spa962.cfg --clients 16 --seconds 10 --blksize 1468
 * }</pre>
 */
public final class TftpLoad {

    private TftpLoad() {
    }

    /**
     * The figures of one run.
     *
     * @param transfers downloads that completed
     * @param failures downloads that ended with an error or a timeout
     * @param bytes bytes downloaded by the completed transfers
     * @param elapsed wall-clock time of the run
     * @param p50 median latency of a completed download, from request to last ACK
     * @param p99 99th percentile latency
     * @param max slowest completed download
     */
    public record Result(long transfers, long failures, long bytes, Duration elapsed, Duration p50, Duration p99,
                         Duration max) {
        /** Completed downloads per second. */
        public double transfersPerSecond() {
            return elapsed.isZero() ? 0 : transfers / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("%d transfers (%d failed) in %.2f s: %.0f transfers/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    transfers, failures, elapsed.toNanos() / 1e9, transfersPerSecond(), p50.toNanos() / 1e6,
                    p99.toNanos() / 1e6, max.toNanos() / 1e6);
        }
    }

    /**
     * Runs {@code clients} concurrent download loops against {@code target} until
     * {@code maxTransfers} downloads have started or {@code maxDuration} has passed.
     *
     * @param paths fetched in turn
     * @param client the client settings; its local address is set per transfer unless {@code sharedSource}
     * @param sharedSource whether all transfers are sent from one address (see the class comment)
     * @throws IllegalArgumentException if the target is not a loopback address
     */
    public static Result run(InetSocketAddress target, List<String> paths, int clients, long maxTransfers,
                             Duration maxDuration, TftpClient.Builder client, boolean sharedSource)
            throws InterruptedException {
        Objects.requireNonNull(client, "client");
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("TftpLoad only targets loopback addresses, not " + target);
        }
        if (paths.isEmpty() || clients < 1 || maxTransfers < 1) {
            throw new IllegalArgumentException("need at least one path, one client and one transfer");
        }
        TftpClient base = client.build();
        boolean perDevice = !sharedSource && target.getAddress() instanceof Inet4Address;
        AtomicLong budget = new AtomicLong(maxTransfers);
        AtomicLong failures = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + maxDuration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            loops.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                long ticket;
                while ((ticket = budget.getAndDecrement()) > 0 && System.nanoTime() < deadline) {
                    // Paths in turn across all clients, so every path gets its share of the load.
                    long sequence = maxTransfers - ticket;
                    String path = paths.get((int) (sequence % paths.size()));
                    TftpClient device = perDevice ? base.withLocalAddress(deviceAddress(sequence)) : base;
                    long began = System.nanoTime();
                    try {
                        bytes.addAndGet(device.get(target, path).length);
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - began;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        pool.shutdown();
        long[] all = new long[0];
        for (Future<long[]> loop : loops) {
            try {
                long[] some = loop.get();
                long[] merged = Arrays.copyOf(all, all.length + some.length);
                System.arraycopy(some, 0, merged, all.length, some.length);
                all = merged;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("load loop failed", e.getCause());
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Arrays.sort(all);
        return new Result(all.length, failures.get(), bytes.get(), elapsed, percentile(all, 50), percentile(all, 99),
                all.length == 0 ? Duration.ZERO : Duration.ofNanos(all[all.length - 1]));
    }

    /** Transfer n's address: 127.x.y.z with each byte in 1..253, so never 127.0.0.1; 16 million in turn. */
    static InetAddress deviceAddress(long n) {
        long k = n % (253L * 253 * 253);
        byte[] address = {127, (byte) (1 + k / (253 * 253)), (byte) (1 + (k / 253) % 253), (byte) (1 + k % 253)};
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static Duration percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    /**
     * Command line: {@code --port P [--path /f ...] [--clients N] [--transfers N] [--seconds S]
     * [--blksize B] [--tsize] [--shared-source]}; prints one line of figures.
     */
    public static void main(String[] args) throws Exception {
        int port = -1;
        List<String> paths = new ArrayList<>();
        int clients = 8;
        long transfers = Long.MAX_VALUE;
        long seconds = 10;
        TftpClient.Builder client = TftpClient.builder();
        boolean sharedSource = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--path" -> paths.add(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--transfers" -> transfers = Long.parseLong(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--blksize" -> client.blockSize(Integer.parseInt(value));
                case "--tsize" -> {
                    client.askTransferSize(true);
                    continue;
                }
                case "--shared-source" -> {
                    sharedSource = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (port < 0 || paths.isEmpty()) {
            throw new IllegalArgumentException("usage: TftpLoad --port P --path /file [--clients N] [--transfers N] "
                    + "[--seconds S] [--blksize B] [--tsize] [--shared-source]");
        }
        Result result = run(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), paths, clients, transfers,
                Duration.ofSeconds(seconds), client, sharedSource);
        System.out.println(result);
    }
}
