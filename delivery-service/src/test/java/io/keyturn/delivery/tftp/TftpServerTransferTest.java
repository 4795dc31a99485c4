package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files of every awkward size arrive byte-identical, and the options are negotiated as RFC 2347–2349 say. */
class TftpServerTransferTest {

    private final TftpTestServer tftp = TftpTestServer.start();

    @AfterEach
    void stop() {
        tftp.close();
    }

    @ParameterizedTest(name = "{0} bytes, blksize {1}")
    @CsvSource({
            "0, 0", "1, 0", "511, 0", "512, 0", "513, 0", "1024, 0", "61440, 0",
            "0, 1468", "1, 1468", "1467, 1468", "1468, 1468", "1469, 1468", "4404, 1468", "61440, 1468",
            "24576, 1024", "800, 8", "61440, 65464"})
    void servesAFileByteIdentical(int size, int blockSize) throws Exception {
        byte[] file = content(size, size * 31L + blockSize);
        tftp.with("/spa962.cfg", file);
        TftpClient client = TftpClient.builder().blockSize(blockSize).askTransferSize(blockSize > 0).build();

        TftpClient.Download download = client.download(tftp.address(), "/spa962.cfg");

        int effective = blockSize == 0 ? 512 : Math.min(blockSize, TftpServerConfig.ETHERNET_BLOCK_SIZE);
        long blocks = size / effective + 1;
        assertThat(download.content()).isEqualTo(file);
        assertThat(download.negotiation().blockSize()).isEqualTo(effective);
        assertThat(download.blocks()).isEqualTo(blocks);
        if (blockSize > 0) {
            assertThat(download.negotiation().transferSize()).hasValue(size);
        }
        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.COMPLETED);
        assertThat(outcome.path()).isEqualTo("/spa962.cfg");
        assertThat(outcome.bytes()).isEqualTo(size);
        assertThat(outcome.blocks()).isEqualTo(blocks);
        assertThat(outcome.blockSize()).isEqualTo(effective);
        assertThat(outcome.client().getPort()).isPositive();
        assertThat(outcome.detail()).isEmpty();
    }

    @Test
    void rollsTheBlockNumberOverPast65535() throws Exception {
        // blksize 8: 65,536 full blocks and a 3-byte one, so block numbers run 1..65535, 0, 1.
        byte[] file = content(65536 * 8 + 3, 7);
        tftp.with("/big.bin", file);

        TftpClient.Download download = TftpClient.builder().blockSize(8).build().download(tftp.address(), "big.bin");

        assertThat(download.content()).isEqualTo(file);
        assertThat(download.blocks()).isEqualTo(65537);
        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.COMPLETED);
        assertThat(outcome.blocks()).isEqualTo(65537);
    }

    @Test
    void servesTheSameFileWithOrWithoutALeadingSlash() throws Exception {
        byte[] file = content(100, 1);
        tftp.with("/spa962.cfg", file);
        TftpClient client = TftpClient.builder().build();

        for (String name : new String[] {"/spa962.cfg", "spa962.cfg", "//spa962.cfg", "./spa962.cfg"}) {
            assertThat(client.get(tftp.address(), name)).as(name).isEqualTo(file);
            assertThat(tftp.nextOutcome().path()).isEqualTo("/spa962.cfg");
        }
    }

    @Test
    void servesChainPathsWithDirectories() throws Exception {
        byte[] file = content(24576, 2);
        tftp.with("/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg", file);

        assertThat(TftpClient.builder().blockSize(1468).build()
                .get(tftp.address(), "/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg")).isEqualTo(file);
    }

    @Test
    void convertsLineEndsInNetasciiMode() throws Exception {
        byte[] text = "Station_Name \"lobby\" ;\nProfile_Rule \"x\" ;\r\n".getBytes(StandardCharsets.US_ASCII);
        tftp.with("/spa.txt", text);

        try (RawPeer peer = new RawPeer()) {
            peer.send(new TftpPacket.ReadRequest("spa.txt", TftpMode.NETASCII, TftpOptions.of("tsize", "0")), tftp.address());
            RawPeer.Received oack = peer.receive();
            String expectedWire = "Station_Name \"lobby\" ;\r\nProfile_Rule \"x\" ;\r\0\r\n";
            assertThat(oack.as(TftpPacket.OptionAck.class).options().get("tsize")).contains(Integer.toString(expectedWire.length()));
            peer.send(new TftpPacket.Ack(0), oack.from());
            RawPeer.Received data = peer.receive();
            assertThat(new String(data.as(TftpPacket.Data.class).payload(), StandardCharsets.US_ASCII)).isEqualTo(expectedWire);
            peer.send(new TftpPacket.Ack(1), data.from());
        }
        assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
        assertThat(TftpClient.builder().mode(TftpMode.NETASCII).build().get(tftp.address(), "spa.txt")).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            blksize=1468                    | blksize=1468
            BlkSize=1024                    | blksize=1024
            blksize=8                       | blksize=8
            blksize=65464                   | blksize=1468
            blksize=99999999999999999999    | blksize=1468
            tsize=0                         | tsize=3000
            TSIZE=0,blksize=512             | tsize=3000,blksize=512
            timeout=1                       | timeout=1
            timeout=255                     | timeout=255
            timeout=5,windowsize=4,tsize=0  | timeout=5,tsize=3000
            """)
    void acknowledgesTheOptionsItUnderstands(String requested, String acknowledged) {
        tftp.with("/f", content(3000, 3));
        try (RawPeer peer = new RawPeer()) {
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, options(requested)), tftp.address());

            RawPeer.Received reply = peer.receive();

            assertThat(reply.as(TftpPacket.OptionAck.class).options().asMap())
                    .containsExactlyEntriesOf(options(acknowledged).asMap());
            assertThat(reply.from().getPort()).isNotEqualTo(tftp.address().getPort());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            windowsize=4
            blksize=7
            blksize=0
            blksize=-1
            blksize=abc
            timeout=0
            timeout=256
            tsize=-5
            """)
    void startsWithPlainDataWhenNoOptionIsUsable(String requested) {
        tftp.with("/f", content(3000, 3));
        try (RawPeer peer = new RawPeer()) {
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, options(requested)), tftp.address());

            TftpPacket.Data data = peer.receive().as(TftpPacket.Data.class);

            assertThat(data.block()).isEqualTo(1);
            assertThat(data.payload()).hasSize(512);
        }
    }

    @Test
    void retransmitsOnTheTimeoutTheClientNegotiated() {
        try (TftpTestServer slow = TftpTestServer.start(b -> b.initialTimeout(Duration.ofSeconds(20)).maxTimeout(Duration.ofSeconds(20)));
             RawPeer peer = new RawPeer()) {
            slow.with("/f", content(10, 4));
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, TftpOptions.of("timeout", "1")), slow.address());

            RawPeer.Received first = peer.receive();
            RawPeer.Received again = peer.receive(Duration.ofSeconds(5));

            assertThat(again.packet()).isEqualTo(first.packet()).isInstanceOf(TftpPacket.OptionAck.class);
        }
    }

    @Test
    void endsTheTransferWhenTheClientRefusesTheOack() {
        tftp.with("/f", content(10, 4));
        try (RawPeer peer = new RawPeer()) {
            peer.send(new TftpPacket.ReadRequest("/f", TftpMode.OCTET, TftpOptions.of("blksize", "1024")), tftp.address());
            RawPeer.Received oack = peer.receive();
            peer.send(TftpPacket.ErrorPacket.of(io.keyturn.protocol.tftp.TftpErrorCode.OPTION_NEGOTIATION_FAILED, "no"), oack.from());

            TftpTransferOutcome outcome = tftp.nextOutcome();

            assertThat(outcome.result()).isEqualTo(TftpTransferResult.ABORTED);
            assertThat(outcome.detail()).contains("error 8");
            assertThat(peer.receiveWithin(Duration.ofMillis(500))).isEmpty();
        }
    }

    static TftpOptions options(String spec) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        Arrays.stream(spec.split(",")).forEach(pair -> {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
        });
        return TftpOptions.of(map);
    }
}
