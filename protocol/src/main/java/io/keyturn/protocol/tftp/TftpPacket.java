package io.keyturn.protocol.tftp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One TFTP datagram, decoded. {@link TftpCodec} turns bytes into these and back; the constructors
 * check every field against the RFCs, so a packet that exists can always be encoded.
 */
public sealed interface TftpPacket {

    /** The opcode this packet is sent with. */
    TftpOpcode opcode();

    /**
     * A read request (RFC 1350), with options (RFC 2347).
     *
     * @param filename the file as sent: non-empty printable ASCII, not yet normalised
     */
    record ReadRequest(String filename, TftpMode mode, TftpOptions options) implements TftpPacket {
        /** @throws IllegalArgumentException if the file name is empty or not printable ASCII */
        public ReadRequest {
            requireFilename(filename);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(options, "options");
        }

        /** A read request in octet mode without options. */
        public static ReadRequest of(String filename) {
            return new ReadRequest(filename, TftpMode.OCTET, TftpOptions.empty());
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.RRQ;
        }
    }

    /** A write request (RFC 1350), with options (RFC 2347). */
    record WriteRequest(String filename, TftpMode mode, TftpOptions options) implements TftpPacket {
        /** @throws IllegalArgumentException if the file name is empty or not printable ASCII */
        public WriteRequest {
            requireFilename(filename);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(options, "options");
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.WRQ;
        }
    }

    /**
     * A block of content. The payload is copied in and out, so the packet stays immutable; transfer
     * loops use {@link TftpCodec#putData} instead.
     *
     * @param block the 16-bit block number, 0..65535 (it wraps to 0 after 65535 in long transfers)
     */
    record Data(int block, byte[] payload) implements TftpPacket {
        /** @throws IllegalArgumentException if the block is outside 0..65535 or the payload exceeds 65,464 bytes */
        public Data {
            requireBlock(block);
            if (payload.length > TftpOptions.MAX_BLOCK_SIZE) {
                throw new IllegalArgumentException("DATA payload exceeds " + TftpOptions.MAX_BLOCK_SIZE + " bytes");
            }
            payload = payload.clone();
        }

        /** A copy of the content. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.DATA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data other && block == other.block && Arrays.equals(payload, other.payload);
        }

        @Override
        public int hashCode() {
            return 31 * block + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Data[block=" + block + ", length=" + payload.length + "]";
        }
    }

    /** Acknowledgment of a block; block 0 acknowledges an OACK. */
    record Ack(int block) implements TftpPacket {
        /** @throws IllegalArgumentException if the block is outside 0..65535 */
        public Ack {
            requireBlock(block);
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.ACK;
        }
    }

    /**
     * An error, which ends the transfer.
     *
     * @param code the raw 16-bit code (codes no RFC defines are kept; see {@link #errorCode()})
     * @param message printable ASCII, possibly empty
     */
    record ErrorPacket(int code, String message) implements TftpPacket {
        /** @throws IllegalArgumentException if the code is outside 0..65535 or the message not printable ASCII */
        public ErrorPacket {
            if (code < 0 || code > 0xffff) {
                throw new IllegalArgumentException("error code outside 0..65535");
            }
            PrintableAscii.require(message, "error message");
        }

        /** An error packet with a known code. */
        public static ErrorPacket of(TftpErrorCode code, String message) {
            return new ErrorPacket(code.code(), message);
        }

        /** The code as an enum; codes no RFC defines read as {@link TftpErrorCode#NOT_DEFINED}. */
        public TftpErrorCode errorCode() {
            return TftpErrorCode.of(code);
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.ERROR;
        }
    }

    /** Option acknowledgment (RFC 2347): the options the server accepted, with its values. */
    record OptionAck(TftpOptions options) implements TftpPacket {
        /** @throws IllegalArgumentException if there are no options (an OACK always carries at least one) */
        public OptionAck {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("an OACK carries at least one option");
            }
        }

        @Override
        public TftpOpcode opcode() {
            return TftpOpcode.OACK;
        }
    }

    private static void requireFilename(String filename) {
        PrintableAscii.require(filename, "file name");
        if (filename.isEmpty()) {
            throw new IllegalArgumentException("file name is empty");
        }
    }

    private static void requireBlock(int block) {
        if (block < 0 || block > 0xffff) {
            throw new IllegalArgumentException("block number outside 0..65535");
        }
    }
}
