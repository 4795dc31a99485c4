package io.keyturn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.delivery.serve.TftpEndpoint;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * The TFTP listener as the service runs it (store lookups, fetch log): thousands of random and mutated datagrams
 * hit the request port from other sources while real clients download published files, and every real download
 * arrives byte-identical, during the fuzzing and after it. Seeded: replay with {@code -Dkeyturn.seed=N}.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class TftpFuzzIT {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final int FUZZERS = 3;
    private static final int PACKETS_PER_FUZZER = 2000;
    private static final int REAL_CLIENTS = 4;

    @Inject
    TftpEndpoint tftp;

    @Test
    void realTransfersCompleteWhileHostileDatagramsArrive() throws Exception {
        String mac = ProfileEvents.mac('b');
        Map<String, byte[]> files = Map.of(
                "/profile/" + ProfileEvents.directory() + "/spa962.cfg", ProfileEvents.ciphertext(1535),
                "/bootstrap/spa" + mac + ".cfg", ProfileEvents.ciphertext(31));
        List<String> paths = List.copyOf(files.keySet());
        for (String path : paths) {
            ProfileEvents.send(ProfileEvents.published(path, path.startsWith("/profile") ? ProfileKind.CHAIN
                    : ProfileKind.BOOTSTRAP, mac, 1L, 1L, files.get(path)));
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", tftp.localAddress().orElseThrow().getPort());
        TftpClient probe = TftpClient.builder().timeout(Duration.ofMillis(500)).retries(2).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                paths.stream().allMatch(p -> {
                    try {
                        return Arrays.equals(probe.get(server, p), files.get(p));
                    } catch (Exception e) {
                        return false;
                    }
                }));

        ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + REAL_CLIENTS);
        CountDownLatch fuzzing = new CountDownLatch(FUZZERS);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger realTransfers = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        List<DatagramSocket> fuzzers = new ArrayList<>();
        try {
            for (int i = 0; i < FUZZERS; i++) {
                // Other sources than the real clients', so their misses never limit 127.0.0.1.
                fuzzers.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0." + (60 + i)), 0)));
            }
            for (int i = 0; i < REAL_CLIENTS; i++) {
                int client = i;
                tasks.add(pool.submit(() -> {
                    TftpClient c = TftpClient.builder().blockSize(client % 2 == 0 ? 1468 : 512)
                            .askTransferSize(client % 2 == 1).timeout(Duration.ofMillis(500)).retries(10).build();
                    int done = 0;
                    while (fuzzing.getCount() > 0 || done < 3) {
                        String path = paths.get((client + done) % paths.size());
                        try {
                            byte[] got = c.get(server, path);
                            if (!Arrays.equals(got, files.get(path))) {
                                failures.add("client " + client + ": " + path + " not identical");
                            }
                        } catch (Exception e) {
                            failures.add("client " + client + ": " + path + " failed: " + e);
                        }
                        done++;
                        realTransfers.incrementAndGet();
                    }
                }));
            }
            for (int i = 0; i < FUZZERS; i++) {
                DatagramSocket socket = fuzzers.get(i);
                Random random = new Random(SEED + i);
                tasks.add(pool.submit(() -> {
                    try {
                        for (int n = 0; n < PACKETS_PER_FUZZER; n++) {
                            byte[] packet = hostile(random, paths);
                            socket.send(new DatagramPacket(packet, packet.length, server));
                            if (n % 25 == 0) {
                                Thread.sleep(1);
                            }
                        }
                    } finally {
                        fuzzing.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            fuzzers.forEach(DatagramSocket::close);
        }
        assertThat(failures).as("seed %d: every real download completes byte-identical", SEED).isEmpty();
        assertThat(realTransfers.get()).isGreaterThanOrEqualTo(REAL_CLIENTS * 3);
        for (String path : paths) {
            assertThat(TftpClient.builder().build().get(server, path)).as("%s after the fuzzing", path)
                    .isEqualTo(files.get(path));
        }
    }

    /** Random bytes, truncated or bit-flipped requests for real and unknown names, and stray DATA/ACK/ERROR. */
    private static byte[] hostile(Random random, List<String> paths) {
        switch (random.nextInt(6)) {
            case 0: {
                byte[] b = new byte[random.nextInt(600)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] valid = rrq(paths.get(random.nextInt(paths.size())), random);
                return Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            }
            case 2: {
                byte[] valid = rrq(paths.get(random.nextInt(paths.size())), random);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return valid;
            }
            case 3:
                return rrq("/profile/" + Long.toHexString(random.nextLong()) + "/spa962.cfg", random);
            case 4: {
                ByteBuffer b = ByteBuffer.allocate(4 + random.nextInt(32));
                b.putShort((short) (3 + random.nextInt(3))).putShort((short) random.nextInt(65536));
                return b.array();
            }
            default: {
                ByteBuffer b = ByteBuffer.allocate(2 + random.nextInt(8));
                b.putShort((short) random.nextInt(65536));
                return b.array();
            }
        }
    }

    private static byte[] rrq(String path, Random random) {
        TftpOptions options = random.nextBoolean() ? TftpOptions.of(TftpOptions.BLKSIZE,
                Integer.toString(random.nextInt(70000)), TftpOptions.TSIZE, "0") : TftpOptions.of();
        return TftpCodec.encode(new TftpPacket.ReadRequest(path, TftpMode.OCTET, options));
    }
}
