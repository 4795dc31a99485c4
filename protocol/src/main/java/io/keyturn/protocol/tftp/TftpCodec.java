package io.keyturn.protocol.tftp;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes and decodes TFTP datagrams (RFC 1350, with the OACK and options of RFC 2347).
 *
 * <p>Decoding is strict, because the bytes come from anyone who can reach a UDP port: every string
 * must end in NUL and be printable ASCII, lengths must fit the opcode, an option may appear only
 * once. Any violation is a {@link ProtocolException} with {@link Reason#MALFORMED_TFTP}; nothing
 * else is thrown for any input. Two leniencies are deliberate and documented where they apply:
 * NUL padding after a request's last option, and error packets (see {@link #decode(ByteBuffer)}).
 *
 * <p>Besides the general {@link #decode}/{@link #encode} pair, the {@code put*} and {@code *Of}
 * methods read and write the packets of a running transfer in place, without allocating.
 */
public final class TftpCodec {

    /** The largest DATA packet: a 4-byte header and a 65,464-byte block. */
    public static final int MAX_DATA_PACKET = 4 + TftpOptions.MAX_BLOCK_SIZE;

    private TftpCodec() {
    }

    // ---- decoding -------------------------------------------------------------------------------

    /**
     * Decodes the bytes between the buffer's position and limit; the buffer is not modified.
     *
     * <p>An ERROR packet is decoded leniently: a missing final NUL is tolerated, anything after the
     * first NUL is ignored, and non-printable message bytes read as {@code '?'}. An error ends the
     * transfer whatever its message says; refusing it would turn a peer's abort into a timeout.
     *
     * @throws ProtocolException with {@link Reason#MALFORMED_TFTP} if the bytes are not a TFTP packet
     */
    public static TftpPacket decode(ByteBuffer packet) {
        return new Reader(packet).packet();
    }

    /**
     * Decodes {@code length} bytes of {@code packet} from {@code offset}.
     *
     * @throws ProtocolException with {@link Reason#MALFORMED_TFTP} if the bytes are not a TFTP packet
     */
    public static TftpPacket decode(byte[] packet, int offset, int length) {
        return decode(ByteBuffer.wrap(packet, offset, length));
    }

    /**
     * The raw opcode of a datagram (its first two bytes, big-endian), or -1 if it is shorter than
     * two bytes. The value is not checked: any 16-bit number may come back.
     */
    public static int opcodeOf(ByteBuffer packet) {
        int p = packet.position();
        return packet.limit() - p < 2 ? -1 : packet.getShort(p) & 0xffff;
    }

    /**
     * The block number of an ACK, or -1 unless the datagram is exactly a well-formed ACK (4 bytes,
     * opcode 4). Does not allocate; the buffer is not modified.
     */
    public static int ackBlockOf(ByteBuffer packet) {
        int p = packet.position();
        if (packet.limit() - p != 4 || (packet.getShort(p) & 0xffff) != TftpOpcode.ACK.code()) {
            return -1;
        }
        return packet.getShort(p + 2) & 0xffff;
    }

    /**
     * The block number of a DATA packet, or -1 unless the datagram is a well-formed DATA packet
     * (at least 4 bytes, opcode 3, at most 65,464 bytes of payload). The payload follows at
     * position + 4. Does not allocate; the buffer is not modified.
     */
    public static int dataBlockOf(ByteBuffer packet) {
        int p = packet.position();
        int length = packet.limit() - p;
        if (length < 4 || length > MAX_DATA_PACKET || (packet.getShort(p) & 0xffff) != TftpOpcode.DATA.code()) {
            return -1;
        }
        return packet.getShort(p + 2) & 0xffff;
    }

    // ---- encoding -------------------------------------------------------------------------------

    /** The packet as a new array. */
    public static byte[] encode(TftpPacket packet) {
        ByteBuffer buffer = ByteBuffer.allocate(encodedLength(packet));
        encode(packet, buffer);
        return buffer.array();
    }

    /**
     * Writes the packet at the buffer's position and advances it.
     *
     * @throws java.nio.BufferOverflowException if the packet does not fit
     */
    public static void encode(TftpPacket packet, ByteBuffer dst) {
        if (packet instanceof TftpPacket.ReadRequest r) {
            putRequest(dst, TftpOpcode.RRQ, r.filename(), r.mode(), r.options());
        } else if (packet instanceof TftpPacket.WriteRequest w) {
            putRequest(dst, TftpOpcode.WRQ, w.filename(), w.mode(), w.options());
        } else if (packet instanceof TftpPacket.Data d) {
            byte[] payload = d.payload();
            putData(dst, d.block(), payload, 0, payload.length);
        } else if (packet instanceof TftpPacket.Ack a) {
            putAck(dst, a.block());
        } else if (packet instanceof TftpPacket.ErrorPacket e) {
            dst.putShort((short) TftpOpcode.ERROR.code()).putShort((short) e.code());
            putString(dst, e.message());
        } else if (packet instanceof TftpPacket.OptionAck o) {
            dst.putShort((short) TftpOpcode.OACK.code());
            putOptions(dst, o.options());
        } else {
            throw new IllegalArgumentException("unknown packet type " + packet.getClass().getName());
        }
    }

    /** How many bytes {@link #encode} writes for this packet. */
    public static int encodedLength(TftpPacket packet) {
        if (packet instanceof TftpPacket.ReadRequest r) {
            return requestLength(r.filename(), r.mode(), r.options());
        } else if (packet instanceof TftpPacket.WriteRequest w) {
            return requestLength(w.filename(), w.mode(), w.options());
        } else if (packet instanceof TftpPacket.Data d) {
            return 4 + d.payload().length;
        } else if (packet instanceof TftpPacket.Ack) {
            return 4;
        } else if (packet instanceof TftpPacket.ErrorPacket e) {
            return 4 + e.message().length() + 1;
        } else if (packet instanceof TftpPacket.OptionAck o) {
            return 2 + optionsLength(o.options());
        }
        throw new IllegalArgumentException("unknown packet type " + packet.getClass().getName());
    }

    /**
     * Writes a DATA packet for {@code length} bytes of {@code src} from {@code offset}, without
     * allocating.
     *
     * @throws IllegalArgumentException if the block is outside 0..65535 or the length exceeds 65,464
     */
    public static void putData(ByteBuffer dst, int block, byte[] src, int offset, int length) {
        if (block < 0 || block > 0xffff || length < 0 || length > TftpOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("DATA block or length out of range");
        }
        dst.putShort((short) TftpOpcode.DATA.code()).putShort((short) block).put(src, offset, length);
    }

    /**
     * Writes an ACK packet without allocating.
     *
     * @throws IllegalArgumentException if the block is outside 0..65535
     */
    public static void putAck(ByteBuffer dst, int block) {
        if (block < 0 || block > 0xffff) {
            throw new IllegalArgumentException("ACK block outside 0..65535");
        }
        dst.putShort((short) TftpOpcode.ACK.code()).putShort((short) block);
    }

    /**
     * Writes an ERROR packet without allocating.
     *
     * @throws IllegalArgumentException if the message is not printable ASCII
     */
    public static void putError(ByteBuffer dst, TftpErrorCode code, String message) {
        PrintableAscii.require(message, "error message");
        dst.putShort((short) TftpOpcode.ERROR.code()).putShort((short) code.code());
        putString(dst, message);
    }

    private static void putRequest(ByteBuffer dst, TftpOpcode opcode, String filename, TftpMode mode, TftpOptions options) {
        dst.putShort((short) opcode.code());
        putString(dst, filename);
        putString(dst, mode.wireName());
        putOptions(dst, options);
    }

    private static int requestLength(String filename, TftpMode mode, TftpOptions options) {
        return 2 + filename.length() + 1 + mode.wireName().length() + 1 + optionsLength(options);
    }

    private static void putOptions(ByteBuffer dst, TftpOptions options) {
        for (Map.Entry<String, String> option : options.asMap().entrySet()) {
            putString(dst, option.getKey());
            putString(dst, option.getValue());
        }
    }

    private static int optionsLength(TftpOptions options) {
        int length = 0;
        for (Map.Entry<String, String> option : options.asMap().entrySet()) {
            length += option.getKey().length() + 1 + option.getValue().length() + 1;
        }
        return length;
    }

    /** Writes printable ASCII (checked by the packet constructors) and the terminating NUL. */
    private static void putString(ByteBuffer dst, String s) {
        for (int i = 0; i < s.length(); i++) {
            dst.put((byte) s.charAt(i));
        }
        dst.put((byte) 0);
    }

    // ---- the decoder ----------------------------------------------------------------------------

    /** Reads one datagram with absolute gets, so the caller's buffer is left untouched. */
    private static final class Reader {
        private final ByteBuffer buffer;
        private final int end;
        private int pos;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
            this.pos = buffer.position();
            this.end = buffer.limit();
        }

        TftpPacket packet() {
            int length = end - pos;
            if (length < 2) {
                throw malformed("packet of " + length + " bytes has no opcode");
            }
            int opcode = u16();
            switch (opcode) {
                case 1:
                case 2:
                    return request(opcode == 1 ? TftpOpcode.RRQ : TftpOpcode.WRQ);
                case 3:
                    return data();
                case 4:
                    if (length != 4) {
                        throw malformed("ACK must be 4 bytes, got " + length);
                    }
                    return new TftpPacket.Ack(u16());
                case 5:
                    return error();
                case 6:
                    return optionAck();
                default:
                    throw malformed("unknown opcode " + opcode);
            }
        }

        private TftpPacket request(TftpOpcode opcode) {
            String filename = string("file name");
            if (filename.isEmpty()) {
                throw malformed(opcode + " file name is empty");
            }
            String modeName = string("mode");
            TftpMode mode = TftpMode.of(modeName)
                    .orElseThrow(() -> malformed("unknown transfer mode '" + PrintableAscii.sanitize(modeName, 32) + "'"));
            Map<String, String> options = new LinkedHashMap<>();
            while (pos < end) {
                if (buffer.get(pos) == 0) {
                    // Some clients pad requests with NULs after the last option; tolerate only that.
                    requireOnlyNuls();
                    break;
                }
                String name = string("option name");
                if (pos >= end) {
                    throw malformed("option '" + name + "' has no value");
                }
                String value = string("option value");
                if (options.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    throw malformed("option '" + name + "' given twice");
                }
            }
            TftpOptions parsed = TftpOptions.of(options);
            return opcode == TftpOpcode.RRQ
                    ? new TftpPacket.ReadRequest(filename, mode, parsed)
                    : new TftpPacket.WriteRequest(filename, mode, parsed);
        }

        private TftpPacket data() {
            if (end - pos < 2) {
                throw malformed("DATA without a block number");
            }
            int block = u16();
            int length = end - pos;
            if (length > TftpOptions.MAX_BLOCK_SIZE) {
                throw malformed("DATA payload of " + length + " bytes exceeds " + TftpOptions.MAX_BLOCK_SIZE);
            }
            byte[] payload = new byte[length];
            buffer.get(pos, payload);
            return new TftpPacket.Data(block, payload);
        }

        private TftpPacket error() {
            if (end - pos < 2) {
                throw malformed("ERROR without an error code");
            }
            int code = u16();
            StringBuilder message = new StringBuilder();
            while (pos < end) {
                int b = buffer.get(pos++) & 0xff;
                if (b == 0) {
                    break;
                }
                message.append(PrintableAscii.isPrintable(b) ? (char) b : '?');
            }
            return new TftpPacket.ErrorPacket(code, message.toString());
        }

        private TftpPacket optionAck() {
            Map<String, String> options = new LinkedHashMap<>();
            while (pos < end) {
                String name = string("option name");
                if (name.isEmpty()) {
                    throw malformed("OACK option name is empty");
                }
                if (pos >= end) {
                    throw malformed("OACK option '" + name + "' has no value");
                }
                String value = string("option value");
                if (options.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    throw malformed("OACK option '" + name + "' given twice");
                }
            }
            if (options.isEmpty()) {
                throw malformed("OACK without options");
            }
            return new TftpPacket.OptionAck(TftpOptions.of(options));
        }

        private int u16() {
            int value = buffer.getShort(pos) & 0xffff;
            pos += 2;
            return value;
        }

        /** A NUL-terminated, printable-ASCII string. */
        private String string(String what) {
            int start = pos;
            while (pos < end) {
                int b = buffer.get(pos) & 0xff;
                if (b == 0) {
                    char[] chars = new char[pos - start];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = (char) (buffer.get(start + i) & 0xff);
                    }
                    pos++;
                    return new String(chars);
                }
                if (!PrintableAscii.isPrintable(b)) {
                    throw malformed(what + " holds byte 0x" + Integer.toHexString(b) + ", not printable ASCII");
                }
                pos++;
            }
            throw malformed(what + " is not terminated by NUL");
        }

        private void requireOnlyNuls() {
            for (; pos < end; pos++) {
                if (buffer.get(pos) != 0) {
                    throw malformed("empty option name followed by more bytes");
                }
            }
        }

        private static ProtocolException malformed(String message) {
            return new ProtocolException(Reason.MALFORMED_TFTP, "malformed TFTP packet: " + message);
        }
    }
}
