package io.keyturn.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyturn.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TftpCodecTest {

    /** Seed of the generated cases; override with -Dkeyturn.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    /** Opcode as two bytes, then the text with {@code \0} for NUL. */
    static byte[] packet(int opcode, String text) {
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(2 + body.length).putShort((short) opcode).put(body).array();
    }

    static byte[] hex(String hex) {
        String clean = hex.replace(" ", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static TftpPacket decode(byte[] bytes) {
        return TftpCodec.decode(bytes, 0, bytes.length);
    }

    @Test
    void decodesAReadRequestWithOptions() {
        TftpPacket packet = decode(packet(1, "/spa962.cfg\0octet\0blksize\0001468\0tsize\0000\0"));

        assertThat(packet).isEqualTo(new TftpPacket.ReadRequest("/spa962.cfg", TftpMode.OCTET,
                TftpOptions.of("blksize", "1468", "tsize", "0")));
    }

    @Test
    void readsModeAndOptionNamesCaseInsensitively() {
        TftpPacket.ReadRequest request = (TftpPacket.ReadRequest) decode(
                packet(1, "f\0OcTeT\0BLKSIZE\000512\0TSize\0000\0"));

        assertThat(request.mode()).isEqualTo(TftpMode.OCTET);
        assertThat(request.options().asMap()).containsExactly(
                java.util.Map.entry("blksize", "512"), java.util.Map.entry("tsize", "0"));
        assertThat(request.options().get("BlkSize")).contains("512");
    }

    @Test
    void keepsUnknownOptionsForTheNegotiationToIgnore() {
        TftpPacket.ReadRequest request = (TftpPacket.ReadRequest) decode(packet(1, "f\0octet\0windowsize\0004\0"));

        assertThat(request.options().get("windowsize")).contains("4");
    }

    @Test
    void toleratesNulPaddingAfterTheLastOption() {
        TftpPacket.ReadRequest request = (TftpPacket.ReadRequest) decode(packet(1, "f\0netascii\0tsize\0000\0\0\0\0"));

        assertThat(request.mode()).isEqualTo(TftpMode.NETASCII);
        assertThat(request.options().size()).isEqualTo(1);
    }

    @Test
    void decodesEveryOtherPacketType() {
        assertThat(decode(packet(2, "up.cfg\0octet\0"))).isEqualTo(
                new TftpPacket.WriteRequest("up.cfg", TftpMode.OCTET, TftpOptions.empty()));
        assertThat(decode(hex("0003 0001 616263"))).isEqualTo(new TftpPacket.Data(1, "abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(decode(hex("0003 ffff"))).isEqualTo(new TftpPacket.Data(65535, new byte[0]));
        assertThat(decode(hex("0004 0102"))).isEqualTo(new TftpPacket.Ack(0x0102));
        assertThat(decode(packet(5, "\0\001File not found\0"))).isEqualTo(
                TftpPacket.ErrorPacket.of(TftpErrorCode.FILE_NOT_FOUND, "File not found"));
        assertThat(decode(packet(6, "blksize\0001468\0"))).isEqualTo(
                new TftpPacket.OptionAck(TftpOptions.of("blksize", "1468")));
    }

    @Test
    void decodesErrorPacketsLenientlyBecauseTheyEndTheTransferAnyway() {
        TftpPacket.ErrorPacket unterminated = (TftpPacket.ErrorPacket) decode(packet(5, "\0\002no NUL"));
        TftpPacket.ErrorPacket binary = (TftpPacket.ErrorPacket) decode(hex("0005 0063 41ff0142 00 7a7a"));
        TftpPacket.ErrorPacket bare = (TftpPacket.ErrorPacket) decode(hex("0005 0008"));

        assertThat(unterminated.message()).isEqualTo("no NUL");
        assertThat(unterminated.errorCode()).isEqualTo(TftpErrorCode.ACCESS_VIOLATION);
        assertThat(binary.message()).isEqualTo("A??B");
        assertThat(binary.code()).isEqualTo(99);
        assertThat(binary.errorCode()).isEqualTo(TftpErrorCode.NOT_DEFINED);
        assertThat(bare.errorCode()).isEqualTo(TftpErrorCode.OPTION_NEGOTIATION_FAILED);
        assertThat(bare.message()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty datagram                        |                                          | no opcode
            one byte                              | 00                                       | no opcode
            opcode zero                           | 0000 6600 6f6374657400                   | unknown opcode 0
            opcode seven                          | 0007 0001                                | unknown opcode 7
            opcode 0xffff                         | ffff                                     | unknown opcode 65535
            RRQ without anything                  | 0001                                     | file name is not terminated
            RRQ name without NUL                  | 0001 7370612e636667                      | file name is not terminated
            RRQ empty name                        | 0001 00 6f6374657400                     | file name is empty
            RRQ without mode                      | 0001 6600                                | mode is not terminated
            RRQ mode without NUL                  | 0001 6600 6f63746574                     | mode is not terminated
            RRQ unknown mode                      | 0001 6600 62696e61727900                 | unknown transfer mode 'binary'
            RRQ control character in name         | 0001 660a6700 6f6374657400               | file name holds byte 0xa
            RRQ byte above 0x7e in name           | 0001 66e96700 6f6374657400               | file name holds byte 0xe9
            RRQ DEL in name                       | 0001 667f00 6f6374657400                 | file name holds byte 0x7f
            RRQ option without value              | 0001 6600 6f6374657400 74736970657a00    | has no value
            RRQ option value without NUL          | 0001 6600 6f6374657400 7473697a6500 30   | option value is not terminated
            RRQ option given twice                | 0001 6600 6f6374657400 7473697a6500 3000 5453495a4500 3100 | given twice
            RRQ padding then bytes                | 0001 6600 6f6374657400 00 41             | empty option name followed by more bytes
            RRQ option name not printable         | 0001 6600 6f6374657400 0102 00 3000      | option name holds byte 0x1
            WRQ name without NUL                  | 0002 61                                  | file name is not terminated
            DATA without block                    | 0003 00                                  | DATA without a block number
            ACK too short                         | 0004 00                                  | ACK must be 4 bytes, got 3
            ACK too long                          | 0004 0001 00                             | ACK must be 4 bytes, got 5
            ERROR without code                    | 0005 00                                  | ERROR without an error code
            OACK without options                  | 0006                                     | OACK without options
            OACK empty option name                | 0006 00 3100                             | OACK option name is empty
            OACK option without value             | 0006 626c6b73697a6500                    | has no value
            OACK option given twice               | 0006 6100 3100 4100 3200                 | given twice
            """)
    void rejectsMalformedPacketsWithOneReason(String name, String hex, String message) {
        byte[] bytes = hex == null ? new byte[0] : hex(hex);

        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo(ProtocolException.Reason.MALFORMED_TFTP);
    }

    @Test
    void rejectsADataPayloadLargerThanTheLargestBlock() {
        byte[] bytes = new byte[4 + TftpOptions.MAX_BLOCK_SIZE + 1];
        bytes[1] = 3;

        assertThatThrownBy(() -> decode(bytes)).isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds 65464");
        assertThat(TftpCodec.dataBlockOf(ByteBuffer.wrap(bytes))).isEqualTo(-1);
    }

    static Stream<TftpPacket> packets() {
        return Stream.of(
                TftpPacket.ReadRequest.of("/spa962.cfg"),
                new TftpPacket.ReadRequest("/profile/Dz3P/spa962.cfg", TftpMode.NETASCII,
                        TftpOptions.of("blksize", "1468", "tsize", "0", "timeout", "3", "x-vendor", "")),
                new TftpPacket.WriteRequest("upload.bin", TftpMode.OCTET, TftpOptions.of("tsize", "1024")),
                new TftpPacket.Data(0, new byte[0]),
                new TftpPacket.Data(65535, new byte[TftpOptions.MAX_BLOCK_SIZE]),
                new TftpPacket.Data(7, "profile bytes".getBytes(StandardCharsets.US_ASCII)),
                new TftpPacket.Ack(0),
                new TftpPacket.Ack(65535),
                TftpPacket.ErrorPacket.of(TftpErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID"),
                new TftpPacket.ErrorPacket(4242, ""),
                new TftpPacket.OptionAck(TftpOptions.of("blksize", "8", "tsize", "123456789012")));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void decodesWhatItEncodes(TftpPacket packet) {
        byte[] bytes = TftpCodec.encode(packet);

        assertThat(bytes).hasSize(TftpCodec.encodedLength(packet));
        assertThat(decode(bytes)).isEqualTo(packet);
        assertThat(TftpCodec.opcodeOf(ByteBuffer.wrap(bytes))).isEqualTo(packet.opcode().code());
    }

    @Test
    void encodesTheWireFormatOfRfc1350() {
        assertThat(TftpCodec.encode(TftpPacket.ReadRequest.of("a"))).isEqualTo(packet(1, "a\0octet\0"));
        assertThat(TftpCodec.encode(new TftpPacket.Ack(258))).isEqualTo(hex("0004 0102"));
        assertThat(TftpCodec.encode(TftpPacket.ErrorPacket.of(TftpErrorCode.FILE_NOT_FOUND, "x"))).isEqualTo(hex("0005 0001 78 00"));
    }

    @Test
    void inPlaceWritersMatchTheGeneralEncoder() {
        byte[] content = "0123456789".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(64);

        TftpCodec.putData(buffer, 513, content, 2, 5);
        assertThat(bytesOf(buffer)).isEqualTo(TftpCodec.encode(new TftpPacket.Data(513, "23456".getBytes(StandardCharsets.US_ASCII))));

        buffer.clear();
        TftpCodec.putAck(buffer, 65535);
        assertThat(bytesOf(buffer)).isEqualTo(TftpCodec.encode(new TftpPacket.Ack(65535)));

        buffer.clear();
        TftpCodec.putError(buffer, TftpErrorCode.ACCESS_VIOLATION, "Server is read-only");
        assertThat(bytesOf(buffer)).isEqualTo(TftpCodec.encode(
                TftpPacket.ErrorPacket.of(TftpErrorCode.ACCESS_VIOLATION, "Server is read-only")));
    }

    @Test
    void peeksAtAcksAndDataWithoutDecodingAndWithoutMovingTheBuffer() {
        ByteBuffer ack = ByteBuffer.wrap(hex("ff ff 0004 fffe")).position(2);
        ByteBuffer data = ByteBuffer.wrap(hex("0003 0009 41"));

        assertThat(TftpCodec.ackBlockOf(ack)).isEqualTo(65534);
        assertThat(ack.position()).isEqualTo(2);
        assertThat(TftpCodec.ackBlockOf(data)).isEqualTo(-1);
        assertThat(TftpCodec.dataBlockOf(data)).isEqualTo(9);
        assertThat(TftpCodec.dataBlockOf(ack)).isEqualTo(-1);
        assertThat(TftpCodec.ackBlockOf(ByteBuffer.wrap(hex("0004 0001 00")))).isEqualTo(-1);
        assertThat(TftpCodec.opcodeOf(ByteBuffer.wrap(hex("07")))).isEqualTo(-1);
    }

    @Test
    void packetsRefuseFieldsTheWireCannotCarry() {
        assertThatThrownBy(() -> new TftpPacket.Ack(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TftpPacket.Data(-1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpPacket.ReadRequest.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpPacket.ReadRequest.of("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpPacket.ErrorPacket.of(TftpErrorCode.NOT_DEFINED, "caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TftpPacket.OptionAck(TftpOptions.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpOptions.of("blksize", "512", "BLKSIZE", "1024")).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> hostileDatagrams() {
        Random random = new Random(SEED);
        List<byte[]> seeds = new ArrayList<>();
        packets().forEach(p -> seeds.add(TftpCodec.encode(p)));
        return IntStream.range(0, 500).mapToObj(i -> {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                if (bytes.length >= 2 && random.nextBoolean()) {
                    bytes[0] = 0;
                    bytes[1] = (byte) random.nextInt(8);
                }
            } else {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                bytes = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                for (int flips = random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            return Arguments.of(i, bytes);
        });
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("hostileDatagrams")
    void decodesHostileBytesOrRefusesThemWithMalformedTftp(int index, byte[] bytes) {
        Throwable thrown = catchThrowable(() -> {
            TftpPacket packet = decode(bytes);
            // Whatever decodes must encode again without complaint.
            TftpCodec.encode(packet);
        });

        assertThat(thrown)
                .as("seed %d case %d bytes %s", SEED, index, java.util.HexFormat.of().formatHex(bytes))
                .satisfiesAnyOf(
                        t -> assertThat(t).isNull(),
                        t -> assertThat(t).isInstanceOf(ProtocolException.class)
                                .extracting(e -> ((ProtocolException) e).reason())
                                .isEqualTo(ProtocolException.Reason.MALFORMED_TFTP));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
