package io.keyturn.delivery.tftp;

import io.keyturn.protocol.tftp.TftpOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link TftpServer}; see {@code DESIGN.md} beside this class for what each limit
 * protects.
 *
 * @param bindAddress the request port: UDP 69 in production, 6969 in the local stack, 0 for any
 * @param maxBlockSize the largest {@code blksize} granted; 1468 keeps a DATA packet in one
 *     1500-byte Ethernet frame (1468 + 4 TFTP + 8 UDP + 20 IPv4)
 * @param maxTransfers transfers in flight at once (lookups included); beyond it, requests get
 *     error 0 "server busy"
 * @param ioThreads selector threads; the first also reads the request port
 * @param initialTimeout the first retransmission timeout, unless the client negotiates one
 * @param maxTimeout the cap of the doubling back-off (a negotiated timeout above it is kept)
 * @param maxRetries retransmissions of one packet before the transfer is abandoned as timed out
 * @param maxTransferDuration a hard bound on one transfer, against clients that ACK just slowly
 *     enough to hold a slot for hours
 * @param lookupTimeout how long a {@link TftpFileSource} may take to answer
 * @param malformedRepliesPerSecond error replies to garbage datagrams, per I/O thread; beyond this
 *     budget garbage is dropped silently, so the server cannot be used as a reflector
 * @param duplicateWindow how long an answered request is remembered, so that a resent copy of it
 *     (the same bytes from the same address and port) starts nothing; zero forgets at once
 */
public record TftpServerConfig(InetSocketAddress bindAddress, int maxBlockSize, int maxTransfers, int ioThreads,
                               Duration initialTimeout, Duration maxTimeout, int maxRetries,
                               Duration maxTransferDuration, Duration lookupTimeout, int malformedRepliesPerSecond,
                               Duration duplicateWindow) {

    /** The standard TFTP port. */
    public static final int DEFAULT_PORT = 69;
    /** The local stack's port (DESIGN.md §5), which needs no privileges. */
    public static final int LOCAL_STACK_PORT = 6969;
    /** The default {@code blksize} cap: one Ethernet frame. */
    public static final int ETHERNET_BLOCK_SIZE = 1468;

    /** @throws IllegalArgumentException if a value is out of range */
    public TftpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isUnresolved()) {
            throw new IllegalArgumentException("bind address " + bindAddress + " is unresolved");
        }
        if (maxBlockSize < TftpOptions.MIN_BLOCK_SIZE || maxBlockSize > TftpOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize outside 8..65464");
        }
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be at least 1");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("ioThreads outside 1..64");
        }
        requirePositive(initialTimeout, "initialTimeout");
        requirePositive(maxTimeout, "maxTimeout");
        if (maxTimeout.compareTo(initialTimeout) < 0) {
            throw new IllegalArgumentException("maxTimeout is shorter than initialTimeout");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        requirePositive(maxTransferDuration, "maxTransferDuration");
        requirePositive(lookupTimeout, "lookupTimeout");
        if (malformedRepliesPerSecond < 0) {
            throw new IllegalArgumentException("malformedRepliesPerSecond must not be negative");
        }
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        if (duplicateWindow.isNegative()) {
            throw new IllegalArgumentException("duplicateWindow must not be negative");
        }
    }

    /** A builder with the production defaults, bound to {@code bindAddress}. */
    public static Builder builder(InetSocketAddress bindAddress) {
        return new Builder(bindAddress);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Builds a {@link TftpServerConfig}; every setting starts at its production default. */
    public static final class Builder {
        private final InetSocketAddress bindAddress;
        private int maxBlockSize = ETHERNET_BLOCK_SIZE;
        private int maxTransfers = 512;
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private Duration initialTimeout = Duration.ofSeconds(1);
        private Duration maxTimeout = Duration.ofSeconds(4);
        private int maxRetries = 5;
        private Duration maxTransferDuration = Duration.ofMinutes(10);
        private Duration lookupTimeout = Duration.ofSeconds(5);
        private int malformedRepliesPerSecond = 100;
        private Duration duplicateWindow = Duration.ofSeconds(4);

        private Builder(InetSocketAddress bindAddress) {
            this.bindAddress = bindAddress;
        }

        /** Default 1468. */
        public Builder maxBlockSize(int v) {
            maxBlockSize = v;
            return this;
        }

        /** Default 512. */
        public Builder maxTransfers(int v) {
            maxTransfers = v;
            return this;
        }

        /** Default: the number of processors, at most 4. */
        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        /** Default 1 s. */
        public Builder initialTimeout(Duration v) {
            initialTimeout = v;
            return this;
        }

        /** Default 4 s. */
        public Builder maxTimeout(Duration v) {
            maxTimeout = v;
            return this;
        }

        /** Default 5. */
        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        /** Default 10 min. */
        public Builder maxTransferDuration(Duration v) {
            maxTransferDuration = v;
            return this;
        }

        /** Default 5 s. */
        public Builder lookupTimeout(Duration v) {
            lookupTimeout = v;
            return this;
        }

        /** Default 100 per I/O thread. */
        public Builder malformedRepliesPerSecond(int v) {
            malformedRepliesPerSecond = v;
            return this;
        }

        /** Default 4 s. */
        public Builder duplicateWindow(Duration v) {
            duplicateWindow = v;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public TftpServerConfig build() {
            return new TftpServerConfig(bindAddress, maxBlockSize, maxTransfers, ioThreads, initialTimeout, maxTimeout,
                    maxRetries, maxTransferDuration, lookupTimeout, malformedRepliesPerSecond, duplicateWindow);
        }
    }
}
