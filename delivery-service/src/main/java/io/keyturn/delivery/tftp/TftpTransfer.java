package io.keyturn.delivery.tftp;

import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * One read transfer. Created by the request gate, then owned by one {@link TftpWorker}: every
 * field but {@link #finished} is touched only on that worker's thread.
 */
final class TftpTransfer {

    /** See DESIGN.md, "Transfer state machine". */
    enum State { LOOKUP, OPTION_ACK, SENDING, DONE }

    final TftpWorker worker;
    /** The request as received: a resent copy is byte-identical, so equal to it. */
    final TftpPacket.ReadRequest request;
    final InetSocketAddress client;
    final String path;
    final TftpMode mode;
    final TftpOptions options;
    final long startedNanos;

    /** Set when the transfer ends; the gate reads it to tell a transfer in flight from a lingering one. */
    volatile boolean finished;
    /** When it ended; it lingers for duplicate detection until a window after this. */
    long finishedAt;

    State state = State.LOOKUP;
    /** Position in the worker's transfer list, -1 once removed. */
    int index = -1;
    DatagramChannel channel;
    byte[] content;
    byte[] optionAck;
    int blockSize = TftpOptions.DEFAULT_BLOCK_SIZE;
    /** DATA blocks in the file: the last is short, possibly empty. */
    long totalBlocks;
    /** The 1-based index of the block in flight (its wire number is the low 16 bits). */
    long sentBlock;
    long deadline;
    long hardDeadline;
    long initialTimeoutNanos;
    long maxTimeoutNanos;
    long timeoutNanos;
    int retries;
    int retransmissions;
    /** DATA blocks the client has acknowledged. */
    long ackedBlocks;

    TftpTransfer(TftpWorker worker, TftpPacket.ReadRequest request, InetSocketAddress client, String path,
                 long startedNanos) {
        this.worker = worker;
        this.request = request;
        this.client = client;
        this.path = path;
        this.mode = request.mode();
        this.options = request.options();
        this.startedNanos = startedNanos;
    }

    /** The 16-bit block number the client must acknowledge next. */
    int expectedAck() {
        return state == State.OPTION_ACK ? 0 : (int) (sentBlock & 0xffff);
    }

    int offsetOf(long block) {
        return (int) ((block - 1) * blockSize);
    }

    int lengthOf(long block) {
        return Math.min(blockSize, content.length - offsetOf(block));
    }

    /** Bytes the client has acknowledged. */
    long ackedBytes() {
        return content == null ? 0 : Math.min(ackedBlocks * blockSize, content.length);
    }
}
