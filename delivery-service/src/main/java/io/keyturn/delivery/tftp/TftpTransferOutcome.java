package io.keyturn.delivery.tftp;

import io.keyturn.protocol.tftp.TftpMode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one TFTP request, reported once to the {@link TftpTransferListener}.
 *
 * @param path the normalised path, or for a refused path the name as sent (printable ASCII, cut at 256)
 * @param client the client's address and port
 * @param mode the transfer mode requested
 * @param result how it ended
 * @param bytes bytes the client acknowledged (in netascii mode, bytes on the wire)
 * @param blocks DATA blocks the client acknowledged
 * @param blockSize the block size used (512 unless negotiated)
 * @param retransmissions packets the server resent on timeout
 * @param duration from the request to the end
 * @param detail a short, secret-free explanation for anything but {@link TftpTransferResult#COMPLETED}; empty otherwise
 */
public record TftpTransferOutcome(String path, InetSocketAddress client, TftpMode mode, TftpTransferResult result,
                                  long bytes, long blocks, int blockSize, int retransmissions, Duration duration,
                                  String detail) {
    public TftpTransferOutcome {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(detail, "detail");
    }
}
