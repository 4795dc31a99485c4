package io.keyturn.delivery.tftp;

/**
 * Told the outcome of every TFTP request the server answers (completed or not), so delivery can
 * emit fetch events. Called on an I/O thread: hand the outcome off, never block. An exception
 * thrown here is logged and does not affect the server.
 */
@FunctionalInterface
public interface TftpTransferListener {

    /** One request has ended. */
    void onTransfer(TftpTransferOutcome outcome);
}
