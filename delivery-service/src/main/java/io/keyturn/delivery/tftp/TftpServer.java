package io.keyturn.delivery.tftp;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpOpcode;
import io.keyturn.protocol.tftp.TftpOptions;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A read-only TFTP server (RFC 1350 with the options of RFC 2347–2349) for stage-0 and profile
 * files. Plain Java: delivery-service wraps it in its lifecycle.
 *
 * <p>Requests arrive on one port; each transfer runs from its own ephemeral port (its transfer ID)
 * on a small, fixed set of selector threads, with no thread per transfer. Write requests, unsafe
 * paths and requests beyond the concurrency bound are answered with error packets; malformed
 * datagrams are counted and never disturb the server. See {@code DESIGN.md} beside this class.
 *
 * <pre>{@code
 * TftpServer server = TftpServer.start(TftpServerConfig.builder(new InetSocketAddress(6969)).build(),
 *         TftpFileSource.fromMap(files), outcome -> log(outcome));
 * ...
 * server.stop(Duration.ofSeconds(5));
 * }</pre>
 */
public final class TftpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TftpServer.class.getName());
    private static final int REQUEST_SOCKET_BUFFER = 1 << 20;

    private final TftpServerConfig config;
    private final TftpFileSource files;
    private final TftpTransferListener listener;
    private final TftpWorker[] workers;
    /** By client address and port: transfers in flight, and requests answered within the linger window. */
    private final Map<InetSocketAddress, TftpTransfer> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object idle = new Object();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private final LongAdder requests = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unknownTransferId = new LongAdder();

    private volatile DatagramChannel requestChannel;
    private volatile InetSocketAddress localAddress;
    /** Round-robin position; only the request-port thread touches it. */
    private int nextWorker;

    private TftpServer(TftpServerConfig config, TftpFileSource files, TftpTransferListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.files = Objects.requireNonNull(files, "files");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.workers = new TftpWorker[config.ioThreads()];
    }

    /**
     * Binds the request port and starts serving.
     *
     * @throws IOException if the port cannot be bound (in use, or privileged)
     */
    public static TftpServer start(TftpServerConfig config, TftpFileSource files, TftpTransferListener listener)
            throws IOException {
        TftpServer server = new TftpServer(config, files, listener);
        server.open();
        return server;
    }

    private void open() throws IOException {
        InetSocketAddress bind = config.bindAddress();
        DatagramChannel channel = DatagramChannel.open(
                bind.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            try {
                // Room for a burst of requests while the I/O thread is busy; the kernel may cap it.
                channel.setOption(StandardSocketOptions.SO_RCVBUF, REQUEST_SOCKET_BUFFER);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.log(Level.DEBUG, "TFTP request port keeps the default receive buffer", e);
            }
            channel.bind(bind);
            localAddress = (InetSocketAddress) channel.getLocalAddress();
            requestChannel = channel;
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new TftpWorker(this, i);
            }
            workers[0].serveRequests(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        for (TftpWorker worker : workers) {
            worker.start();
        }
        LOG.log(Level.INFO, "TFTP server listening on UDP " + localAddress + " with " + workers.length + " I/O threads");
    }

    /** The bound request address; with port 0 in the config, the port the system chose. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Transfers in flight, lookups included. */
    public int activeTransfers() {
        return active.get();
    }

    /** A snapshot of the counters. */
    public TftpServerStatistics statistics() {
        return new TftpServerStatistics(requests.sum(), duplicates.sum(), completed.sum(), notFound.sum(), refused.sum(), busy.sum(),
                timedOut.sum(), aborted.sum(), errors.sum(), retransmissions.sum(), malformed.sum(),
                unknownTransferId.sum(), active.get());
    }

    /**
     * Stops the server: closes the request port at once (the port is free when this returns), lets
     * transfers in flight finish for up to {@code grace}, then ends the rest with an error packet
     * and an {@link TftpTransferResult#ERROR} outcome. Idempotent.
     *
     * @return true if every transfer finished within the grace period
     */
    public boolean stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            stopped.join();
            return true;
        }
        boolean drained;
        try {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            if (!workers[0].submit(() -> {
                workers[0].closeRequestPort();
                closed.complete(null);
            })) {
                closed.complete(null);
            }
            closed.get(5, TimeUnit.SECONDS);
            drained = awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "TFTP request port did not close in time", e);
            drained = awaitIdle(grace);
        }
        for (TftpWorker worker : workers) {
            worker.requestAbort();
        }
        for (TftpWorker worker : workers) {
            try {
                worker.thread().join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.log(Level.INFO, "TFTP server on UDP " + localAddress + " stopped" + (drained ? "" : "; transfers cut short"));
        stopped.complete(null);
        return drained;
    }

    /** Stops with a grace period of the configured maximum timeout. */
    @Override
    public void close() {
        stop(config.maxTimeout());
    }

    private boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (active.get() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    // ---- called by the workers ------------------------------------------------------------------

    TftpServerConfig config() {
        return config;
    }

    TftpFileSource files() {
        return files;
    }

    DatagramChannel requestChannel() {
        return requestChannel;
    }

    /** One datagram on the request port; on worker 0's thread. */
    void onRequest(TftpWorker gate, ByteBuffer datagram, InetSocketAddress from) {
        if (from.getPort() == 0) {
            // Port 0 cannot be answered; such datagrams are forged.
            malformed.increment();
            return;
        }
        int opcode = TftpCodec.opcodeOf(datagram);
        if (opcode == TftpOpcode.RRQ.code() || opcode == TftpOpcode.WRQ.code()) {
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(datagram);
            } catch (ProtocolException e) {
                malformed.increment();
                LOG.log(Level.DEBUG, () -> "TFTP request from " + from + " refused: " + e.getMessage());
                gate.replyToMalformed(from, TftpErrorCode.ILLEGAL_OPERATION, "Malformed request");
                return;
            }
            if (packet instanceof TftpPacket.WriteRequest write) {
                requests.increment();
                refuse(gate, from, write.filename(), write.mode(), TftpTransferResult.REFUSED,
                        TftpErrorCode.ACCESS_VIOLATION, "Server is read-only", "write request");
            } else {
                onReadRequest(gate, (TftpPacket.ReadRequest) packet, from);
            }
        } else if (opcode == TftpOpcode.ERROR.code()) {
            // Never answer an error (RFC 1350 §7): two servers would bounce errors forever.
            malformed.increment();
        } else if (opcode == TftpOpcode.DATA.code() || opcode == TftpOpcode.ACK.code()
                || opcode == TftpOpcode.OACK.code()) {
            malformed.increment();
            gate.replyToMalformed(from, TftpErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID");
        } else {
            malformed.increment();
            gate.replyToMalformed(from, TftpErrorCode.ILLEGAL_OPERATION, "Illegal TFTP operation");
        }
    }

    private void onReadRequest(TftpWorker gate, TftpPacket.ReadRequest request, InetSocketAddress from) {
        Optional<String> normalised = RequestPath.normalise(request.filename());
        String path = normalised.orElse(request.filename());
        TftpTransfer existing = byClient.get(from);
        if (existing != null) {
            if (existing.request.equals(request)) {
                // The client resent its request before our answer reached it; the first copy is
                // being (or has been) answered, and a second transfer would only collide with it.
                duplicates.increment();
                return;
            }
            if (!existing.finished) {
                // A different request from the same port: the client has given up on the old transfer.
                existing.worker.submit(() -> existing.worker.supersede(existing));
            }
        }
        requests.increment();
        if (request.mode() == TftpMode.MAIL) {
            refuse(gate, from, path, request, TftpTransferResult.REFUSED,
                    TftpErrorCode.ILLEGAL_OPERATION, "Mail mode not supported", "mail mode");
            return;
        }
        if (normalised.isEmpty()) {
            refuse(gate, from, path, request, TftpTransferResult.REFUSED,
                    TftpErrorCode.ACCESS_VIOLATION, "Access violation", "unsafe path");
            return;
        }
        if (active.incrementAndGet() > config.maxTransfers()) {
            active.decrementAndGet();
            refuse(gate, from, path, request.mode(), TftpTransferResult.BUSY, TftpErrorCode.NOT_DEFINED,
                    "Server busy, retry later", "server busy");
            return;
        }
        TftpWorker worker = workers[nextWorker];
        nextWorker = (nextWorker + 1) % workers.length;
        TftpTransfer transfer = new TftpTransfer(worker, request, from, path, System.nanoTime());
        byClient.put(from, transfer);
        if (worker == gate) {
            worker.admit(transfer);
        } else if (!worker.submit(() -> worker.admit(transfer))) {
            transfer.finished = true;
            byClient.remove(from, transfer);
            onFinished(transfer, TftpTransferResult.ERROR, "server stopped");
        }
    }

    /** Answers a request that starts no transfer, and reports it. */
    private void refuse(TftpWorker gate, InetSocketAddress from, String name, TftpMode mode, TftpTransferResult result,
                        TftpErrorCode code, String message, String detail) {
        gate.replyFromRequestPort(from, code, message);
        String path = name.length() <= 256 ? name : name.substring(0, 256);
        count(result);
        report(new TftpTransferOutcome(path, from, mode, result, 0, 0, TftpOptions.DEFAULT_BLOCK_SIZE, 0,
                Duration.ZERO, detail));
    }

    /**
     * The same for a read request, which then lingers like an ended transfer, so a resent copy
     * is not answered twice. ("Busy" does not linger: that client is expected to come back.)
     */
    private void refuse(TftpWorker gate, InetSocketAddress from, String path, TftpPacket.ReadRequest request,
                        TftpTransferResult result, TftpErrorCode code, String message, String detail) {
        refuse(gate, from, path, request.mode(), result, code, message, detail);
        TftpTransfer answered = new TftpTransfer(gate, request, from, path, System.nanoTime());
        answered.finished = true;
        byClient.put(from, answered);
        gate.linger(answered);
    }

    /** A transfer has ended; on its worker's thread (or the caller's, if the worker is gone). */
    void onFinished(TftpTransfer t, TftpTransferResult result, String detail) {
        // Counters and the slot first: whoever sees the outcome sees them up to date.
        count(result);
        if (active.decrementAndGet() == 0 && stopping.get()) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
        report(new TftpTransferOutcome(t.path, t.client, t.mode, result, t.ackedBytes(), t.ackedBlocks, t.blockSize,
                t.retransmissions, Duration.ofNanos(System.nanoTime() - t.startedNanos), detail));
    }

    private void report(TftpTransferOutcome outcome) {
        LOG.log(Level.DEBUG, () -> "TFTP " + outcome.result() + " " + outcome.path() + " to " + outcome.client()
                + " (" + outcome.bytes() + " bytes" + (outcome.detail().isEmpty() ? "" : ", " + outcome.detail()) + ")");
        try {
            listener.onTransfer(outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TFTP transfer listener failed", e);
        }
    }

    private void count(TftpTransferResult result) {
        switch (result) {
            case COMPLETED -> completed.increment();
            case NOT_FOUND -> notFound.increment();
            case REFUSED -> refused.increment();
            case BUSY -> busy.increment();
            case TIMED_OUT -> timedOut.increment();
            case ABORTED -> aborted.increment();
            case ERROR -> errors.increment();
            default -> throw new IllegalStateException("unhandled result " + result);
        }
    }

    /** The linger window of an ended transfer has passed; on its worker's thread. */
    void forget(TftpTransfer t) {
        byClient.remove(t.client, t);
    }

    void countRetransmission() {
        retransmissions.increment();
    }

    void countMalformed() {
        malformed.increment();
    }

    void countUnknownTransferId() {
        unknownTransferId.increment();
    }
}
