package io.keyturn.protocol.tftp;

import java.util.Optional;

/** The six TFTP opcodes: RFC 1350 (1–5) and RFC 2347 (6, option acknowledgment). */
public enum TftpOpcode {
    /** Read request. */
    RRQ(1),
    /** Write request. */
    WRQ(2),
    /** A block of file content. */
    DATA(3),
    /** Acknowledgment of a block (or, with block 0, of an OACK). */
    ACK(4),
    /** An error that ends the transfer. */
    ERROR(5),
    /** Option acknowledgment (RFC 2347). */
    OACK(6);

    private static final TftpOpcode[] BY_CODE = {null, RRQ, WRQ, DATA, ACK, ERROR, OACK};

    private final int code;

    TftpOpcode(int code) {
        this.code = code;
    }

    /** The 16-bit value on the wire. */
    public int code() {
        return code;
    }

    /** The opcode with this wire value, or empty for any other value. */
    public static Optional<TftpOpcode> of(int code) {
        return code >= 1 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }
}
