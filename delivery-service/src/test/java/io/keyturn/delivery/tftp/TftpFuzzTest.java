package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated datagrams hit the request port, and garbage hits live transfer
 * ports, while real clients download: every real download must arrive byte-identical, and the
 * server must serve normally afterwards. Seeded: replay a failure with {@code -Dkeyturn.seed=N}.
 */
class TftpFuzzTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final int FUZZERS = 3;
    private static final int PACKETS_PER_FUZZER = 2500;
    private static final int REAL_CLIENTS = 6;

    private static final Map<String, byte[]> FILES = Map.of(
            "/spa962.cfg", content(60 * 1024, 1),
            "/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg", content(24 * 1024, 2),
            "/small.cfg", content(513, 3),
            "/empty.cfg", new byte[0]);
    private static final List<String> PATHS = List.copyOf(FILES.keySet());

    @Test
    void survivesHostileDatagramsWhileRealTransfersComplete() throws Exception {
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.initialTimeout(Duration.ofMillis(100))
                .maxTimeout(Duration.ofMillis(400)).maxRetries(5))) {
            FILES.forEach(tftp::with);
            InetSocketAddress server = tftp.address();
            ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + REAL_CLIENTS + 1);
            CountDownLatch fuzzing = new CountDownLatch(FUZZERS + 1);
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger realTransfers = new AtomicInteger();
            List<Future<?>> tasks = new ArrayList<>();
            // The fuzzers' sockets stay open to the end: the transfers their valid requests start
            // keep sending to them, and a closed port could be handed to a real client meanwhile.
            List<RawPeer> fuzzers = new ArrayList<>();
            for (int i = 0; i < FUZZERS; i++) {
                fuzzers.add(new RawPeer());
            }
            try {
                for (int i = 0; i < REAL_CLIENTS; i++) {
                    int client = i;
                    tasks.add(pool.submit(() -> downloadUntilFuzzingEnds(server, client, fuzzing, failures, realTransfers)));
                }
                for (int i = 0; i < FUZZERS; i++) {
                    long seed = SEED + i;
                    RawPeer fuzzer = fuzzers.get(i);
                    tasks.add(pool.submit(() -> fuzzRequestPort(fuzzer, server, seed, fuzzing)));
                }
                tasks.add(pool.submit(() -> fuzzTransferPorts(server, SEED + 100, fuzzing, failures)));
                for (Future<?> task : tasks) {
                    task.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                fuzzers.forEach(RawPeer::close);
            }

            assertThat(failures).as("seed %d: every real download completes byte-identical", SEED).isEmpty();
            assertThat(realTransfers.get()).as("real downloads during the fuzzing").isGreaterThanOrEqualTo(REAL_CLIENTS * 3);
            for (String path : PATHS) {
                assertThat(TftpClient.builder().blockSize(1468).build().get(server, path))
                        .as("seed %d: %s after the fuzzing", SEED, path).isEqualTo(FILES.get(path));
            }
            TftpServerStatistics statistics = tftp.server.statistics();
            assertThat(statistics.malformed()).as("seed %d", SEED).isGreaterThan(FUZZERS * PACKETS_PER_FUZZER / 3);
            awaitNoActiveTransfers(tftp.server);
        }
    }

    private static void downloadUntilFuzzingEnds(InetSocketAddress server, int client, CountDownLatch fuzzing,
                                                 Queue<String> failures, AtomicInteger count) {
        int[] blockSizes = {0, 512, 1468, 1024, 64, 65464};
        TftpClient tftp = TftpClient.builder().blockSize(blockSizes[client % blockSizes.length]).askTransferSize(client % 2 == 0)
                .timeout(Duration.ofMillis(500)).retries(10).build();
        int done = 0;
        while (fuzzing.getCount() > 0 || done < 3) {
            String path = PATHS.get((client + done) % PATHS.size());
            try {
                byte[] got = tftp.get(server, path);
                if (!Arrays.equals(got, FILES.get(path))) {
                    failures.add("client " + client + ": " + path + " arrived with " + got.length + " bytes, not identical");
                }
            } catch (Exception e) {
                failures.add("client " + client + ": " + path + " failed: " + e);
            }
            done++;
            count.incrementAndGet();
        }
    }

    private static void fuzzRequestPort(RawPeer peer, InetSocketAddress server, long seed, CountDownLatch fuzzing) {
        Random random = new Random(seed);
        try {
            for (int i = 0; i < PACKETS_PER_FUZZER; i++) {
                peer.sendBytes(hostile(random), server);
                if (i % 25 == 0) {
                    Thread.sleep(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fuzzing.countDown();
        }
    }

    /**
     * Opens transfers and attacks their ports: garbage from the right port, ACKs for blocks never
     * sent, datagrams from a stranger; then finishes the transfer properly and checks the bytes.
     */
    private static void fuzzTransferPorts(InetSocketAddress server, long seed, CountDownLatch fuzzing, Queue<String> failures) {
        Random random = new Random(seed);
        List<RawPeer> used = new ArrayList<>();
        try (RawPeer stranger = new RawPeer()) {
            for (int round = 0; round < 40; round++) {
                String path = PATHS.get(round % PATHS.size());
                // A fresh port per transfer, as devices use; kept open to the end like the fuzzers'.
                RawPeer peer = new RawPeer();
                used.add(peer);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                int expected = 1;
                RawPeer.Received in = null;
                // Like a real client, resend the request until answered: the flood may drop it.
                for (int attempt = 0; attempt < 10 && in == null; attempt++) {
                    peer.send(TftpPacket.ReadRequest.of(path), server);
                    in = peer.receiveWithin(Duration.ofMillis(500)).orElse(null);
                }
                while (true) {
                    if (in == null) {
                        failures.add("transfer-port fuzz round " + round + ": the server went silent");
                        return;
                    }
                    if (!(in.packet() instanceof TftpPacket.Data data)) {
                        failures.add("transfer-port fuzz round " + round + ": got " + in.packet());
                        return;
                    }
                    for (int k = 0; k < 3; k++) {
                        stranger.sendBytes(hostile(random), in.from());
                        byte[] garbage = hostile(random);
                        if (TftpCodec.opcodeOf(ByteBuffer.wrap(garbage)) != 5) {
                            peer.sendBytes(garbage, in.from());
                        }
                    }
                    peer.send(new TftpPacket.Ack((data.block() + 1 + random.nextInt(1000)) & 0xffff), in.from());
                    if (data.block() == (expected & 0xffff)) {
                        received.writeBytes(data.payload());
                        expected++;
                    }
                    peer.send(new TftpPacket.Ack(data.block()), in.from());
                    if (data.payload().length < 512) {
                        break;
                    }
                    in = peer.receiveWithin(Duration.ofSeconds(5)).orElse(null);
                }
                // Drain the stranger's error-5 replies so its buffer never fills.
                while (stranger.receiveWithin(Duration.ofMillis(1)).isPresent()) {
                    continue;
                }
                if (!Arrays.equals(received.toByteArray(), FILES.get(path))) {
                    failures.add("transfer-port fuzz round " + round + ": " + path + " not byte-identical");
                }
            }
        } finally {
            used.forEach(RawPeer::close);
            fuzzing.countDown();
        }
    }

    /** One hostile datagram: random bytes, or a valid packet truncated, mutated or stuffed. */
    static byte[] hostile(Random random) {
        switch (random.nextInt(14)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1: {
                byte[] rrq = validRequest(random);
                return Arrays.copyOf(rrq, random.nextInt(rrq.length));
            }
            case 2: {
                byte[] rrq = validRequest(random);
                ByteBuffer.wrap(rrq).putShort((short) random.nextInt(65536));
                return rrq;
            }
            case 3: {
                byte[] rrq = validRequest(random);
                for (int i = 2; i < rrq.length; i++) {
                    if (rrq[i] == 0 && random.nextBoolean()) {
                        rrq[i] = 'A';
                    }
                }
                return rrq;
            }
            case 4: {
                String[] huge = {"99999999999999999999999999999", "-1", "1e9", "0x10", "", " 512", "18446744073709551616",
                        "9".repeat(300)};
                String name = new String[] {"blksize", "tsize", "timeout", "BLKSIZE", "windowsize"}[random.nextInt(5)];
                return request(1, PATHS.get(random.nextInt(PATHS.size())), "octet", name, huge[random.nextInt(huge.length)]);
            }
            case 5: {
                List<String> options = new ArrayList<>();
                for (int i = 0; i < 100 + random.nextInt(200); i++) {
                    options.add("opt" + random.nextInt(50));
                    options.add(Integer.toString(random.nextInt()));
                }
                return request(1, "/spa962.cfg", "octet", options.toArray(String[]::new));
            }
            case 6: {
                byte[] packet = validRequest(random);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return packet;
            }
            case 7:
                return request(1, "/nope/" + random.nextInt(1_000_000), "octet");
            case 8:
                return request(2, "/spa962.cfg", "octet", "tsize", "60000");
            case 9: {
                TftpPacket[] strays = {new TftpPacket.Ack(random.nextInt(65536)), new TftpPacket.Data(random.nextInt(65536), new byte[random.nextInt(40)]),
                        TftpPacket.ErrorPacket.of(TftpErrorCode.NOT_DEFINED, "x"), new TftpPacket.OptionAck(TftpOptions.of("blksize", "512"))};
                return TftpCodec.encode(strays[random.nextInt(strays.length)]);
            }
            case 10:
                return request(1, "/" + "a".repeat(random.nextInt(60_000)), "octet");
            case 11: {
                String[] tricks = {"../etc/passwd", "/profile/../../x", "..\\..\\boot.ini", "/spa962.cfg\u0000.txt", "/%2e%2e/x", "//..//"};
                return request(1, tricks[random.nextInt(tricks.length)], random.nextBoolean() ? "octet" : "mail");
            }
            case 12: {
                byte[] bytes = new byte[2 + random.nextInt(3)];
                random.nextBytes(bytes);
                return bytes;
            }
            default:
                // Now and then a real request that will never be acknowledged: it must time out and free its slot.
                return random.nextInt(10) == 0 ? request(1, "/small.cfg", "octet") : new byte[0];
        }
    }

    private static byte[] validRequest(Random random) {
        return request(1 + random.nextInt(2), PATHS.get(random.nextInt(PATHS.size())),
                random.nextBoolean() ? "octet" : "NetASCII", "blksize", "1468", "tsize", "0", "timeout", "1");
    }

    /** Builds a request by hand, so names the packet records would refuse can be sent too. */
    private static byte[] request(int opcode, String name, String mode, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        for (String field : concat(name, mode, options)) {
            out.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String[] concat(String name, String mode, String[] options) {
        String[] all = new String[options.length + 2];
        all[0] = name;
        all[1] = mode;
        System.arraycopy(options, 0, all, 2, options.length);
        return all;
    }

    private static void awaitNoActiveTransfers(TftpServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.activeTransfers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.activeTransfers()).as("seed %d: abandoned transfers time out and free their slots", SEED).isZero();
    }
}
