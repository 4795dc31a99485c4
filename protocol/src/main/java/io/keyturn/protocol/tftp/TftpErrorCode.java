package io.keyturn.protocol.tftp;

/** The error codes of RFC 1350, plus code 8 of RFC 2347. */
public enum TftpErrorCode {
    /** Not defined; the message says what happened (also used for "server busy"). */
    NOT_DEFINED(0),
    /** File not found. */
    FILE_NOT_FOUND(1),
    /** Access violation (also: write requests to a read-only server, unsafe paths). */
    ACCESS_VIOLATION(2),
    /** Disk full or allocation exceeded. */
    DISK_FULL(3),
    /** Illegal TFTP operation (malformed or out-of-place packet, unsupported mode). */
    ILLEGAL_OPERATION(4),
    /** Unknown transfer ID: a packet from a port that is not this transfer's peer. */
    UNKNOWN_TRANSFER_ID(5),
    /** File already exists. */
    FILE_EXISTS(6),
    /** No such user. */
    NO_SUCH_USER(7),
    /** Option negotiation failed (RFC 2347): the peer refuses the options offered or acknowledged. */
    OPTION_NEGOTIATION_FAILED(8);

    private static final TftpErrorCode[] BY_CODE = values();

    private final int code;

    TftpErrorCode(int code) {
        this.code = code;
    }

    /** The 16-bit value on the wire. */
    public int code() {
        return code;
    }

    /**
     * The error code with this wire value; values no RFC defines map to {@link #NOT_DEFINED}, since
     * an error packet ends the transfer whatever its code.
     */
    public static TftpErrorCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : NOT_DEFINED;
    }
}
