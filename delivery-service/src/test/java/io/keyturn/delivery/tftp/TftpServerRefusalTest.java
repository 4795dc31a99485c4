package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpException;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the server must not honour get one clear error packet, and the server carries on. */
class TftpServerRefusalTest {

    private final TftpTestServer tftp = TftpTestServer.start()
            .with("/spa962.cfg", content(600, 1))
            .with("/profile/abc/spa962.cfg", content(600, 2));

    @AfterEach
    void stop() {
        tftp.close();
    }

    private RawPeer.Received answerTo(TftpPacket request) {
        try (RawPeer peer = new RawPeer()) {
            peer.send(request, tftp.address());
            return peer.receive();
        }
    }

    @Test
    void answersAMissingFileWithError1() {
        assertThatThrownBy(() -> TftpClient.builder().build().get(tftp.address(), "/spa941.cfg"))
                .isInstanceOfSatisfying(TftpException.class, e -> {
                    assertThat(e.code()).isEqualTo(TftpErrorCode.FILE_NOT_FOUND);
                    assertThat(e.fromServer()).isTrue();
                });

        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.NOT_FOUND);
        assertThat(outcome.path()).isEqualTo("/spa941.cfg");
        assertThat(outcome.bytes()).isZero();
    }

    @Test
    void refusesWriteRequestsWithError2() {
        RawPeer.Received reply = answerTo(new TftpPacket.WriteRequest("/spa962.cfg", TftpMode.OCTET, TftpOptions.empty()));

        assertThat(reply.errorCode()).isEqualTo(TftpErrorCode.ACCESS_VIOLATION);
        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.REFUSED);
        assertThat(outcome.detail()).isEqualTo("write request");
        assertThat(tftp.files.get("/spa962.cfg")).isEqualTo(content(600, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/../spa962.cfg", "/profile/../spa962.cfg", "/profile/abc/../../spa962.cfg",
            "..", "/..", "/./../spa962.cfg", "profile\\abc\\spa962.cfg", "..\\spa962.cfg", "/", "//", "/./."})
    void refusesPathsThatClimbOrUseBackslashesWithError2(String name) {
        RawPeer.Received reply = answerTo(TftpPacket.ReadRequest.of(name));

        assertThat(reply.errorCode()).isEqualTo(TftpErrorCode.ACCESS_VIOLATION);
        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.REFUSED);
        assertThat(outcome.detail()).isEqualTo("unsafe path");
    }

    @Test
    void doesNotLetANulInTheNameCutItShort() {
        // "spa962.cfg\0.txt\0octet\0": the name ends at the first NUL, so ".txt" would be the mode.
        byte[] trick = "\0\1spa962.cfg\0.txt\0octet\0".getBytes(StandardCharsets.US_ASCII);
        try (RawPeer peer = new RawPeer()) {
            peer.sendBytes(trick, tftp.address());

            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.ILLEGAL_OPERATION);
        }
    }

    @Test
    void refusesMailModeWithError4() {
        RawPeer.Received reply = answerTo(new TftpPacket.ReadRequest("/spa962.cfg", TftpMode.MAIL, TftpOptions.empty()));

        assertThat(reply.errorCode()).isEqualTo(TftpErrorCode.ILLEGAL_OPERATION);
        assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.REFUSED);
    }

    @Test
    void answersGarbageOnTheRequestPortWithError4AndAcksWithError5() {
        try (RawPeer peer = new RawPeer()) {
            peer.sendBytes(new byte[] {1}, tftp.address());
            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.ILLEGAL_OPERATION);

            peer.sendBytes(new byte[] {0, 1, 'a'}, tftp.address());
            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.ILLEGAL_OPERATION);

            peer.send(new TftpPacket.Ack(1), tftp.address());
            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.UNKNOWN_TRANSFER_ID);

            peer.send(new TftpPacket.Data(1, new byte[3]), tftp.address());
            assertThat(peer.receive().errorCode()).isEqualTo(TftpErrorCode.UNKNOWN_TRANSFER_ID);
        }
        assertThat(tftp.server.statistics().malformed()).isEqualTo(4);
    }

    @Test
    void neverAnswersAnErrorPacket() {
        try (RawPeer peer = new RawPeer()) {
            peer.send(TftpPacket.ErrorPacket.of(TftpErrorCode.NOT_DEFINED, "ping"), tftp.address());

            assertThat(peer.receiveWithin(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void stopsAnsweringGarbageBeyondItsReplyBudget() {
        try (TftpTestServer tight = TftpTestServer.start(b -> b.malformedRepliesPerSecond(3).ioThreads(1));
             RawPeer peer = new RawPeer()) {
            for (int i = 0; i < 20; i++) {
                peer.sendBytes(new byte[] {(byte) i}, tight.address());
            }
            int replies = 0;
            while (peer.receiveWithin(Duration.ofMillis(300)).isPresent()) {
                replies++;
            }

            // 3 of burst, plus at most one refilled while the 20 datagrams were read.
            assertThat(replies).isBetween(3, 4);
            assertThat(tight.server.statistics().malformed()).isEqualTo(20);
        }
    }

    @Test
    void keepsServingAfterEveryKindOfRefusal() throws Exception {
        answerTo(new TftpPacket.WriteRequest("x", TftpMode.OCTET, TftpOptions.empty()));
        answerTo(TftpPacket.ReadRequest.of("../x"));
        answerTo(TftpPacket.ReadRequest.of("/nope"));
        try (RawPeer peer = new RawPeer()) {
            peer.sendBytes(ByteBuffer.allocate(2).putShort((short) 99).array(), tftp.address());
            peer.receive();
        }

        assertThat(TftpClient.builder().build().get(tftp.address(), "/spa962.cfg")).isEqualTo(content(600, 1));
    }
}
