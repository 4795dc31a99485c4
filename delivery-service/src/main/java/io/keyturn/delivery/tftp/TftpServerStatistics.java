package io.keyturn.delivery.tftp;

/**
 * Counters of a {@link TftpServer} since it started, for metrics.
 *
 * @param requests read and write requests received, duplicates excluded
 * @param duplicates copies of a read request from the same client port for the same file, while
 *     its transfer was in flight or shortly after it ended; ignored
 * @param completed transfers the client fully acknowledged
 * @param notFound requests for files that do not exist
 * @param refused write requests, unsafe paths and unsupported modes
 * @param busy requests turned away by the concurrency bound
 * @param timedOut transfers abandoned because the client stopped answering or took too long
 * @param aborted transfers the client ended with an error packet or restarted
 * @param errors transfers ended by a server-side failure
 * @param retransmissions packets resent on timeout
 * @param malformed datagrams that were not valid TFTP, or not valid at that point
 * @param unknownTransferId datagrams sent to a transfer port from another address or port
 * @param activeTransfers transfers in flight now
 */
public record TftpServerStatistics(long requests, long duplicates, long completed, long notFound, long refused, long busy, long timedOut,
                                   long aborted, long errors, long retransmissions, long malformed,
                                   long unknownTransferId, int activeTransfers) {
}
