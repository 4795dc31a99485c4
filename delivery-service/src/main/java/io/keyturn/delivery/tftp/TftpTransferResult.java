package io.keyturn.delivery.tftp;

/** How a TFTP request ended. */
public enum TftpTransferResult {
    /** The client acknowledged the last block. */
    COMPLETED,
    /** No such file (error 1 sent). */
    NOT_FOUND,
    /** The request was refused: a write request, an unsafe path, or mail mode (error 2 or 4 sent). */
    REFUSED,
    /** The concurrency bound was reached (error 0 "server busy" sent). */
    BUSY,
    /** The client stopped answering, or the transfer exceeded its maximum duration. */
    TIMED_OUT,
    /** The client ended the transfer with an error packet, or restarted it with a new request. */
    ABORTED,
    /** The server could not go on: a failed lookup, a socket error, or a stop that outlasted its grace. */
    ERROR
}
