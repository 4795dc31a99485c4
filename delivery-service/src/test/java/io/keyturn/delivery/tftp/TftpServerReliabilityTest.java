package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stop-and-wait under duplicates, strangers, loss and restarts. */
class TftpServerReliabilityTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    /** A server that never retransmits within a test's patience, so every datagram seen was caused by the test. */
    private static TftpTestServer patientServer() {
        return TftpTestServer.start(b -> b.initialTimeout(Duration.ofSeconds(5)).maxTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void neverResendsABlockOnADuplicateAck() {
        byte[] file = content(1100, 1);
        try (TftpTestServer tftp = patientServer().with("/f", file); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received first = peer.receive();
            InetSocketAddress tid = first.from();
            assertThat(first.as(TftpPacket.Data.class).block()).isEqualTo(1);

            // Three ACKs of block 1 (a delayed duplicate, as in the Sorcerer's Apprentice): one block 2 only.
            peer.send(new TftpPacket.Ack(1), tid);
            peer.send(new TftpPacket.Ack(1), tid);
            peer.send(new TftpPacket.Ack(1), tid);
            assertThat(peer.receive().as(TftpPacket.Data.class).block()).isEqualTo(2);
            assertThat(peer.receiveWithin(Duration.ofMillis(700))).as("no second copy of block 2").isEmpty();

            peer.send(new TftpPacket.Ack(2), tid);
            TftpPacket.Data last = peer.receive().as(TftpPacket.Data.class);
            assertThat(last.block()).isEqualTo(3);
            assertThat(last.payload()).hasSize(1100 - 1024);
            peer.send(new TftpPacket.Ack(2), tid);
            assertThat(peer.receiveWithin(Duration.ofMillis(300))).as("no copy of block 3 for a stale ACK").isEmpty();
            peer.send(new TftpPacket.Ack(3), tid);

            TftpTransferOutcome outcome = tftp.nextOutcome();
            assertThat(outcome.result()).isEqualTo(TftpTransferResult.COMPLETED);
            assertThat(outcome.retransmissions()).isZero();
        }
    }

    @Test
    void answersAStrangerWithError5WithoutDisturbingTheTransfer() {
        byte[] file = content(700, 2);
        try (TftpTestServer tftp = patientServer().with("/f", file); RawPeer peer = new RawPeer(); RawPeer stranger = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received first = peer.receive();

            stranger.send(new TftpPacket.Ack(1), first.from());
            assertThat(stranger.receive().errorCode()).isEqualTo(TftpErrorCode.UNKNOWN_TRANSFER_ID);
            stranger.send(TftpPacket.ErrorPacket.of(TftpErrorCode.NOT_DEFINED, "go away"), first.from());
            assertThat(stranger.receiveWithin(Duration.ofMillis(300))).as("an error is never answered").isEmpty();
            assertThat(peer.receiveWithin(Duration.ofMillis(300))).as("the stranger's ACK moved nothing").isEmpty();

            peer.send(new TftpPacket.Ack(1), first.from());
            assertThat(peer.receive().as(TftpPacket.Data.class).payload()).hasSize(700 - 512);
            peer.send(new TftpPacket.Ack(2), first.from());

            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
            assertThat(tftp.server.statistics().unknownTransferId()).isEqualTo(2);
        }
    }

    @Test
    void ignoresGarbageFromThePeerAndKeepsTheTransferGoing() {
        try (TftpTestServer tftp = patientServer().with("/f", content(600, 3)); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received first = peer.receive();

            peer.sendBytes(new byte[] {0, 4, 0}, first.from());
            peer.sendBytes(new byte[] {0, 4, 0, 1, 0}, first.from());
            peer.send(new TftpPacket.Data(1, new byte[4]), first.from());
            peer.send(TftpPacket.ReadRequest.of("/f"), first.from());
            assertThat(peer.receiveWithin(Duration.ofMillis(300))).isEmpty();

            peer.send(new TftpPacket.Ack(1), first.from());
            peer.receive().as(TftpPacket.Data.class);
            peer.send(new TftpPacket.Ack(2), first.from());
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
        }
    }

    @Test
    void retransmitsWithDoublingBackOffAndGivesUpAfterItsRetries() {
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.initialTimeout(Duration.ofMillis(100))
                .maxTimeout(Duration.ofMillis(400)).maxRetries(3)).with("/f", content(10, 4));
             RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            long start = System.nanoTime();
            long[] arrivals = new long[4];
            for (int i = 0; i < 4; i++) {
                assertThat(peer.receive().as(TftpPacket.Data.class).block()).isEqualTo(1);
                arrivals[i] = (System.nanoTime() - start) / 1_000_000;
            }
            assertThat(peer.receiveWithin(Duration.ofMillis(900))).as("nothing after the last retry").isEmpty();

            // Sent at 0, then after 100, 200 and 400 ms more: 0, 100, 300, 700 ms. Only lower bounds:
            // a timer never fires early, but a loaded machine may make it late.
            assertThat(arrivals[1]).as("first retransmission").isGreaterThanOrEqualTo(80L);
            assertThat(arrivals[2] - arrivals[1]).as("second gap").isGreaterThanOrEqualTo(180L);
            assertThat(arrivals[3] - arrivals[2]).as("third gap").isGreaterThanOrEqualTo(380L);
            TftpTransferOutcome outcome = tftp.nextOutcome();
            assertThat(outcome.result()).isEqualTo(TftpTransferResult.TIMED_OUT);
            assertThat(outcome.retransmissions()).isEqualTo(3);
        }
    }

    static LongStream lossPatterns() {
        return LongStream.range(0, 4).map(i -> SEED + i);
    }

    /** A client that loses 25% of DATA packets and 25% of its ACKs, the final one included. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("lossPatterns")
    void recoversLostDataAndLostAcksByRetransmission(long seed) {
        byte[] file = content(12_000, seed);
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.initialTimeout(Duration.ofMillis(40))
                .maxTimeout(Duration.ofMillis(160)).maxRetries(10)).with("/f", file);
             RawPeer peer = new RawPeer()) {
            Random random = new Random(seed);
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, TftpOptions.of("blksize", "1024")), tftp.address());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int expected = 0;
            int drops = 0;
            boolean finished = false;
            while (!finished) {
                RawPeer.Received in = peer.receive();
                if (random.nextInt(4) == 0) {
                    drops++;
                    continue;
                }
                int block;
                if (in.packet() instanceof TftpPacket.OptionAck) {
                    block = 0;
                } else {
                    TftpPacket.Data data = in.as(TftpPacket.Data.class);
                    block = data.block();
                    if (block == expected + 1) {
                        received.writeBytes(data.payload());
                        expected = block;
                    }
                    if (block == expected && data.payload().length < 1024) {
                        finished = true;
                    }
                }
                if (random.nextInt(4) == 0) {
                    drops++;
                    finished = false;
                    continue;
                }
                peer.send(new TftpPacket.Ack(block), in.from());
            }

            assertThat(received.toByteArray()).as("seed %d", seed).isEqualTo(file);
            TftpTransferOutcome outcome = tftp.nextOutcome();
            assertThat(outcome.result()).as("seed %d", seed).isEqualTo(TftpTransferResult.COMPLETED);
            // At least one retransmission per loss; a slow test thread may cause more.
            assertThat(outcome.retransmissions()).as("seed %d", seed).isGreaterThanOrEqualTo(drops);
            assertThat(drops).as("seed %d lost something", seed).isPositive();
        }
    }

    @Test
    void treatsARepeatedRequestFromTheSamePortAsOneTransfer() {
        try (TftpTestServer tftp = patientServer().with("/f", content(100, 5)); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received data = peer.receive();

            assertThat(peer.receiveWithin(Duration.ofMillis(500))).as("a second transfer").isEmpty();
            peer.send(new TftpPacket.Ack(1), data.from());
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
            assertThat(tftp.outcomes).isEmpty();
            assertThat(tftp.server.statistics().requests()).isEqualTo(1);
            assertThat(tftp.server.statistics().duplicates()).isEqualTo(1);
        }
    }

    @Test
    void takesADifferentRequestForTheSameFileAsANewRequest() {
        try (TftpTestServer tftp = patientServer().with("/f", content(100, 5)); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received plain = peer.receive();
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, TftpOptions.of("tsize", "0")), tftp.address());
            RawPeer.Received oack = peer.receive();

            assertThat(oack.from()).isNotEqualTo(plain.from());
            assertThat(oack.as(TftpPacket.OptionAck.class).options().get("tsize")).contains("100");
            assertThat(tftp.nextOutcome().detail()).contains("superseded");
        }
    }

    @Test
    void ignoresACopyOfTheRequestThatArrivesMidTransfer() {
        try (TftpTestServer tftp = patientServer().with("/f", content(1500, 7)); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received first = peer.receive();
            peer.send(new TftpPacket.Ack(1), first.from());
            assertThat(peer.receive().as(TftpPacket.Data.class).block()).isEqualTo(2);

            // A copy the client resent long ago, delayed in the network: it must not restart anything.
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            assertThat(peer.receiveWithin(Duration.ofMillis(500))).isEmpty();

            peer.send(new TftpPacket.Ack(2), first.from());
            assertThat(peer.receive().as(TftpPacket.Data.class).block()).isEqualTo(3);
            peer.send(new TftpPacket.Ack(3), first.from());
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
        }
    }

    @Test
    void ignoresADelayedCopyOfARequestAnsweredMomentsAgoButServesItOnceTheWindowHasPassed() {
        byte[] file = content(100, 8);
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.duplicateWindow(Duration.ofMillis(800)))
                .with("/f", file).with("/g", file); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received data = peer.receive();
            peer.send(new TftpPacket.Ack(1), data.from());
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);

            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            assertThat(peer.receiveWithin(Duration.ofMillis(300))).as("a stale copy starts no transfer").isEmpty();

            peer.send(TftpPacket.ReadRequest.of("/g"), tftp.address());
            RawPeer.Received other = peer.receive();
            assertThat(other.as(TftpPacket.Data.class).block()).as("another file is a new request").isEqualTo(1);
            peer.send(new TftpPacket.Ack(1), other.from());
            assertThat(tftp.nextOutcome().path()).isEqualTo("/g");

            sleep(Duration.ofMillis(1200));
            peer.send(TftpPacket.ReadRequest.of("/g"), tftp.address());
            assertThat(peer.receive().as(TftpPacket.Data.class).block()).as("after the window").isEqualTo(1);
        }
    }

    @Test
    void servesAnIdenticalRequestAgainAtOnceWithAZeroDuplicateWindow() {
        try (TftpTestServer tftp = TftpTestServer.start(b -> b.duplicateWindow(Duration.ZERO)).with("/f", content(10, 9));
             RawPeer peer = new RawPeer()) {
            for (int round = 0; round < 2; round++) {
                peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
                RawPeer.Received data = peer.receive();
                peer.send(new TftpPacket.Ack(1), data.from());
                assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
                sleep(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void doesNotAnswerARefusalTwice() {
        try (TftpTestServer tftp = TftpTestServer.start(); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/missing"), tftp.address());
            peer.send(TftpPacket.ReadRequest.of("/missing"), tftp.address());

            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.FILE_NOT_FOUND);
            assertThat(peer.receiveWithin(Duration.ofMillis(400))).isEmpty();
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.NOT_FOUND);
            assertThat(tftp.outcomes).isEmpty();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void dropsTheOldTransferWhenTheSamePortAsksForAnotherFile() {
        byte[] file = content(2000, 6);
        try (TftpTestServer tftp = patientServer().with("/f", content(2000, 5)).with("/g", file); RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ReadRequest.of("/f"), tftp.address());
            RawPeer.Received oldFirst = peer.receive();
            peer.send(new TftpPacket.Ack(1), oldFirst.from());
            assertThat(peer.receive().as(TftpPacket.Data.class).block()).isEqualTo(2);

            peer.send(TftpPacket.ReadRequest.of("/g"), tftp.address());
            RawPeer.Received newFirst = peer.receive();

            assertThat(newFirst.from()).isNotEqualTo(oldFirst.from());
            assertThat(newFirst.as(TftpPacket.Data.class).block()).isEqualTo(1);
            TftpTransferOutcome old = tftp.nextOutcome();
            assertThat(old.result()).isEqualTo(TftpTransferResult.ABORTED);
            assertThat(old.detail()).contains("superseded");
            assertThat(old.blocks()).isEqualTo(1);
            assertThat(old.bytes()).isEqualTo(512);
            byte[] all = new byte[0];
            RawPeer.Received in = newFirst;
            for (int block = 1; ; block++) {
                byte[] payload = in.as(TftpPacket.Data.class).payload();
                all = concat(all, payload);
                peer.send(new TftpPacket.Ack(block), newFirst.from());
                if (payload.length < 512) {
                    break;
                }
                in = peer.receive();
            }
            assertThat(all).isEqualTo(file);
            assertThat(peer.receiveWithin(Duration.ofMillis(300))).as("nothing more from the old transfer").isEmpty();
            assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
