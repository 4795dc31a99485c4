package io.keyturn.protocol.tftp;

import io.keyturn.protocol.ProtocolException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A TFTP client for read transfers (RFC 1350) with the {@code blksize}, {@code tsize} and
 * {@code timeout} options (RFC 2347–2349). The device simulator fetches stage-0 files with it, and
 * the tests and load harness drive the server with it.
 *
 * <p>Each download uses its own UDP socket (its transfer ID), pins the server's transfer ID on the
 * first answer from the server's address, answers packets from any other port with error 5, and
 * re-acknowledges duplicate blocks. It retransmits its last packet (the request or the last ACK)
 * when nothing arrives within the timeout, up to the configured number of retries; waits do not
 * grow, since the server's back-off is the one that matters. Instances are immutable and
 * thread-safe; downloads may run concurrently.
 */
public final class TftpClient {

    private final TftpMode mode;
    private final int blockSize;
    private final boolean askTransferSize;
    private final int timeoutOption;
    private final Duration timeout;
    private final int retries;
    private final long maxSize;
    private final InetAddress localAddress;

    private TftpClient(Builder builder) {
        this(builder.mode, builder.blockSize, builder.askTransferSize, builder.timeoutOption, builder.timeout,
                builder.retries, builder.maxSize, builder.localAddress);
    }

    private TftpClient(TftpMode mode, int blockSize, boolean askTransferSize, int timeoutOption, Duration timeout,
                       int retries, long maxSize, InetAddress localAddress) {
        this.mode = mode;
        this.blockSize = blockSize;
        this.askTransferSize = askTransferSize;
        this.timeoutOption = timeoutOption;
        this.timeout = timeout;
        this.retries = retries;
        this.maxSize = maxSize;
        this.localAddress = localAddress;
    }

    /**
     * This client with its downloads sent from {@code address} instead; see
     * {@link Builder#localAddress}. A device simulator or a load generator keeps one client and
     * gives each simulated device its own address.
     */
    public TftpClient withLocalAddress(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return new TftpClient(mode, blockSize, askTransferSize, timeoutOption, timeout, retries, maxSize, address);
    }

    /** A builder with the defaults: octet mode, no options, 1 s timeout, 5 retries, 16 MiB limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The content of {@code path} on {@code server}. See {@link #download}. */
    public byte[] get(InetSocketAddress server, String path) throws IOException {
        return download(server, path).content();
    }

    /**
     * Downloads {@code path} from {@code server}.
     *
     * @param path the file name sent in the request, printable ASCII
     * @throws TftpException if the server sends an error packet, or breaks the protocol (the client
     *     then sends one: error 8 for a bad OACK, error 4 for an oversized block, error 3 when the
     *     file exceeds the size limit)
     * @throws SocketTimeoutException if the server stops answering for longer than the retries allow
     * @throws IOException on socket errors
     * @throws IllegalArgumentException if the path is empty or not printable ASCII
     */
    public Download download(InetSocketAddress server, String path) throws IOException {
        TftpPacket.ReadRequest request = new TftpPacket.ReadRequest(path, mode, requestedOptions());
        long started = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(localAddress, 0))) {
            return new Transfer(socket, server, request, started).run();
        }
    }

    private TftpOptions requestedOptions() {
        String[] options = new String[6];
        int n = 0;
        if (blockSize > 0) {
            options[n++] = TftpOptions.BLKSIZE;
            options[n++] = Integer.toString(blockSize);
        }
        if (askTransferSize) {
            options[n++] = TftpOptions.TSIZE;
            options[n++] = "0";
        }
        if (timeoutOption > 0) {
            options[n++] = TftpOptions.TIMEOUT;
            options[n++] = Integer.toString(timeoutOption);
        }
        return TftpOptions.of(Arrays.copyOf(options, n));
    }

    /**
     * A finished download.
     *
     * @param content the file (decoded from netascii in that mode); the array belongs to the caller
     * @param negotiation the options the server acknowledged (or {@link TftpNegotiation#none()})
     * @param blocks how many DATA blocks made up the file, counting past block-number wrap-around
     * @param retransmissions how many times the client resent its request or an ACK on timeout
     * @param elapsed from sending the request to acknowledging the last block
     */
    public record Download(byte[] content, TftpNegotiation negotiation, long blocks, int retransmissions,
                           Duration elapsed) {
        public Download {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(negotiation, "negotiation");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        @Override
        public String toString() {
            return "Download[bytes=" + content.length + ", blockSize=" + negotiation.blockSize()
                    + ", blocks=" + blocks + ", retransmissions=" + retransmissions + ", elapsed=" + elapsed + "]";
        }
    }

    /** One download's state; confined to the calling thread. */
    private final class Transfer {
        private final DatagramSocket socket;
        private final InetSocketAddress server;
        private final TftpPacket.ReadRequest request;
        private final long started;
        private final byte[] in = new byte[65536];
        private final DatagramPacket received = new DatagramPacket(in, in.length);
        private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
        private final byte[] ack = new byte[4];
        private final ByteBuffer ackBuffer = ByteBuffer.wrap(ack);

        private InetSocketAddress peer;
        private TftpNegotiation negotiation = TftpNegotiation.none();
        private DatagramPacket last;
        private long expected = 1;
        private byte[] content = new byte[4096];
        private int size;
        private int retransmissions;

        Transfer(DatagramSocket socket, InetSocketAddress server, TftpPacket.ReadRequest request, long started) {
            this.socket = socket;
            this.server = server;
            this.request = request;
            this.started = started;
        }

        Download run() throws IOException {
            byte[] rrq = TftpCodec.encode(request);
            last = new DatagramPacket(rrq, rrq.length, server);
            socket.send(last);
            int tries = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    if (tries++ >= retries) {
                        throw new SocketTimeoutException("no answer from TFTP server " + server + " after "
                                + (retries + 1) + " tries of " + timeout.toMillis() + " ms");
                    }
                    retransmissions++;
                    socket.send(last);
                    deadline = System.nanoTime() + timeout.toNanos();
                    continue;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
                try {
                    socket.receive(received);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                int progress = onDatagram();
                if (progress == DONE) {
                    byte[] file = Arrays.copyOf(content, size);
                    if (request.mode() == TftpMode.NETASCII) {
                        file = Netascii.decode(file);
                    }
                    return new Download(file, negotiation, expected - 1, retransmissions,
                            Duration.ofNanos(System.nanoTime() - started));
                }
                if (progress == ADVANCED) {
                    tries = 0;
                    deadline = System.nanoTime() + timeout.toNanos();
                }
            }
        }

        private static final int IGNORED = 0;
        private static final int ADVANCED = 1;
        private static final int DONE = 2;

        private int onDatagram() throws IOException {
            InetSocketAddress from = (InetSocketAddress) received.getSocketAddress();
            inBuffer.limit(received.getLength()).position(0);
            int opcode = TftpCodec.opcodeOf(inBuffer);
            if (peer == null) {
                if (!from.getAddress().equals(server.getAddress())) {
                    return IGNORED;
                }
            } else if (!from.equals(peer)) {
                if (opcode != TftpOpcode.ERROR.code()) {
                    sendError(from, TftpErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID");
                }
                return IGNORED;
            }
            if (opcode == TftpOpcode.ERROR.code()) {
                TftpPacket.ErrorPacket error = (TftpPacket.ErrorPacket) TftpCodec.decode(inBuffer);
                throw new TftpException(error.errorCode(), true, "TFTP server error " + error.code() + ": " + error.message());
            }
            if (opcode == TftpOpcode.OACK.code()) {
                if (peer == null) {
                    return onOptionAck(from);
                }
                if (expected == 1) {
                    // The server missed our ACK of its OACK and resent the OACK: acknowledge it again.
                    socket.send(last);
                }
                return IGNORED;
            }
            int block = TftpCodec.dataBlockOf(inBuffer);
            if (block < 0) {
                return IGNORED;
            }
            if (peer == null) {
                if (block != 1) {
                    return IGNORED;
                }
                peer = from;
            }
            if (block == (int) (expected & 0xffff)) {
                return onNextBlock(block);
            }
            if (block == (int) ((expected - 1) & 0xffff) && expected > 1) {
                // The server missed our ACK and resent the block: acknowledge it again.
                socket.send(last);
            }
            return IGNORED;
        }

        private int onOptionAck(InetSocketAddress from) throws IOException {
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(inBuffer);
                negotiation = TftpNegotiation.accept(request.options(), ((TftpPacket.OptionAck) packet).options());
            } catch (ProtocolException e) {
                sendError(from, TftpErrorCode.OPTION_NEGOTIATION_FAILED, "Option negotiation failed");
                throw new TftpException(TftpErrorCode.OPTION_NEGOTIATION_FAILED, false, e.getMessage());
            }
            peer = from;
            long announced = negotiation.transferSize().orElse(0);
            if (announced > maxSize) {
                sendError(from, TftpErrorCode.DISK_FULL, "File too large");
                throw new TftpException(TftpErrorCode.DISK_FULL, false,
                        "server announced " + announced + " bytes, more than the limit of " + maxSize);
            }
            if (announced > content.length) {
                content = new byte[(int) announced];
            }
            sendAck(0);
            return ADVANCED;
        }

        private int onNextBlock(int block) throws IOException {
            int length = received.getLength() - 4;
            if (length > negotiation.blockSize()) {
                sendError(peer, TftpErrorCode.ILLEGAL_OPERATION, "Block larger than negotiated");
                throw new TftpException(TftpErrorCode.ILLEGAL_OPERATION, false,
                        "server sent " + length + " bytes in a block of " + negotiation.blockSize());
            }
            if (size + (long) length > maxSize) {
                sendError(peer, TftpErrorCode.DISK_FULL, "File too large");
                throw new TftpException(TftpErrorCode.DISK_FULL, false, "file exceeds the limit of " + maxSize + " bytes");
            }
            if (size + length > content.length) {
                content = Arrays.copyOf(content, (int) Math.min(maxSize, Math.max(size + length, 2L * content.length)));
            }
            System.arraycopy(in, 4, content, size, length);
            size += length;
            expected++;
            sendAck(block);
            return length < negotiation.blockSize() ? DONE : ADVANCED;
        }

        private void sendAck(int block) throws IOException {
            ackBuffer.clear();
            TftpCodec.putAck(ackBuffer, block);
            last = new DatagramPacket(ack, 4, peer);
            socket.send(last);
        }

        private void sendError(InetSocketAddress to, TftpErrorCode code, String message) {
            byte[] error = TftpCodec.encode(TftpPacket.ErrorPacket.of(code, message));
            try {
                socket.send(new DatagramPacket(error, error.length, to));
            } catch (IOException e) {
                // Best effort: the transfer is ending anyway, and the server will time out.
            }
        }
    }

    /** Settings for a {@link TftpClient}. */
    public static final class Builder {
        private TftpMode mode = TftpMode.OCTET;
        private int blockSize;
        private boolean askTransferSize;
        private int timeoutOption;
        private Duration timeout = Duration.ofSeconds(1);
        private int retries = 5;
        private long maxSize = 16L << 20;
        private InetAddress localAddress;

        private Builder() {
        }

        /**
         * The address each download's socket binds to (with a fresh ephemeral port); by default the
         * wildcard address. A device simulator gives each simulated device its own loopback
         * address (127.0.0.x), as real devices each have their own.
         */
        public Builder localAddress(InetAddress address) {
            this.localAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The transfer mode; {@link TftpMode#MAIL} is refused. */
        public Builder mode(TftpMode mode) {
            if (mode == TftpMode.MAIL) {
                throw new IllegalArgumentException("mail mode cannot be read");
            }
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Asks for this block size (8..65464); 0, the default, sends no {@code blksize} option. */
        public Builder blockSize(int blockSize) {
            if (blockSize != 0 && (blockSize < TftpOptions.MIN_BLOCK_SIZE || blockSize > TftpOptions.MAX_BLOCK_SIZE)) {
                throw new IllegalArgumentException("block size outside 8..65464");
            }
            this.blockSize = blockSize;
            return this;
        }

        /** Whether to send {@code tsize=0}, so the server announces the file size. */
        public Builder askTransferSize(boolean ask) {
            this.askTransferSize = ask;
            return this;
        }

        /** Sends the {@code timeout} option (1..255 s) for the server's retransmissions; 0 sends none. */
        public Builder timeoutOption(int seconds) {
            if (seconds != 0 && (seconds < TftpOptions.MIN_TIMEOUT_SECONDS || seconds > TftpOptions.MAX_TIMEOUT_SECONDS)) {
                throw new IllegalArgumentException("timeout option outside 1..255 s");
            }
            this.timeoutOption = seconds;
            return this;
        }

        /** How long to wait for each answer before retransmitting. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** How many times to retransmit before giving up. */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
            this.retries = retries;
            return this;
        }

        /** The largest file accepted, in bytes; larger ones end with error 3. */
        public Builder maxSize(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("max size outside 1..2^31-9");
            }
            this.maxSize = bytes;
            return this;
        }

        /** A client with these settings; the builder may be reused. */
        public TftpClient build() {
            return new TftpClient(this);
        }
    }
}
