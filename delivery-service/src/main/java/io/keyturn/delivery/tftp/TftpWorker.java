package io.keyturn.delivery.tftp;

import io.keyturn.delivery.tftp.TftpTransfer.State;
import io.keyturn.protocol.tftp.Netascii;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpMode;
import io.keyturn.protocol.tftp.TftpNegotiation;
import io.keyturn.protocol.tftp.TftpOpcode;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One I/O thread of the {@link TftpServer}: a selector over the sockets of the transfers it owns
 * (and, for worker 0, the request port), and the retransmission timers of those transfers.
 * Everything a worker owns is touched only on its thread; other threads reach it through
 * {@link #submit}. See DESIGN.md for the state machine.
 */
final class TftpWorker implements Runnable {

    private static final System.Logger LOG = System.getLogger(TftpWorker.class.getName());

    /** Datagrams read from one socket per wake-up, so one busy peer cannot starve the others. */
    private static final int READ_BATCH = 16;
    private static final int REQUEST_READ_BATCH = 64;
    /** The longest the loop sleeps with nothing due: keeps stop and time checks prompt. */
    private static final long MAX_SLEEP_NANOS = 250_000_000L;

    private final TftpServer server;
    private final TftpServerConfig config;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer in = ByteBuffer.allocateDirect(65536);
    private final ByteBuffer out = ByteBuffer.allocateDirect(TftpCodec.MAX_DATA_PACKET);
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<TftpTransfer> transfers = new ArrayList<>();
    /** Ended transfers in the order they ended; all linger equally long, so the oldest is first. */
    private final ArrayDeque<TftpTransfer> lingering = new ArrayDeque<>();
    private final long lingerNanos;
    private final ReplyBudget malformedReplies;
    private final Object lifecycle = new Object();

    private DatagramChannel requestChannel;
    private long nextScanAt;
    private boolean terminated;
    private boolean aborting;
    private volatile boolean abortRequested;

    TftpWorker(TftpServer server, int id) throws IOException {
        this.server = server;
        this.config = server.config();
        this.selector = Selector.open();
        this.malformedReplies = new ReplyBudget(config.malformedRepliesPerSecond());
        this.thread = new Thread(this, "tftp-io-" + id);
        this.thread.setDaemon(true);
        this.nextScanAt = System.nanoTime() + MAX_SLEEP_NANOS;
        this.lingerNanos = config.duplicateWindow().toNanos();
    }

    /** Makes this worker read the request port too; called before {@link #start()}. */
    void serveRequests(DatagramChannel channel) throws IOException {
        this.requestChannel = channel;
        channel.register(selector, SelectionKey.OP_READ, null);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code command} on this worker's thread; false if the worker has already terminated. */
    boolean submit(Runnable command) {
        synchronized (lifecycle) {
            if (terminated) {
                return false;
            }
            commands.add(command);
        }
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
        return true;
    }

    /** Asks the worker to abort what is left and exit. */
    void requestAbort() {
        abortRequested = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!abortRequested) {
                long wait = nextScanAt - System.nanoTime();
                if (wait > 0) {
                    selector.select(this::onReady, Math.max(1, Math.min(wait, MAX_SLEEP_NANOS) / 1_000_000));
                } else {
                    selector.selectNow(this::onReady);
                }
                runCommands();
                long now = System.nanoTime();
                if (now - nextScanAt >= 0) {
                    scan(now);
                }
                forgetLingering(now);
            }
        } catch (Throwable e) {
            // Only a broken selector gets here; every per-packet failure is handled where it happens.
            LOG.log(Level.ERROR, "TFTP I/O thread " + thread.getName() + " failed", e);
        } finally {
            terminate();
        }
    }

    // ---- the request port (worker 0) ------------------------------------------------------------

    private void onReady(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment == null) {
            onRequestPortReadable();
        } else {
            TftpTransfer transfer = (TftpTransfer) attachment;
            try {
                onTransferReadable(transfer);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "TFTP transfer of " + transfer.path + " to " + transfer.client + " failed", e);
                finish(transfer, TftpTransferResult.ERROR, "socket error");
            }
        }
    }

    private void onRequestPortReadable() {
        for (int i = 0; i < REQUEST_READ_BATCH; i++) {
            try {
                in.clear();
                SocketAddress from = requestChannel.receive(in);
                if (from == null) {
                    return;
                }
                in.flip();
                server.onRequest(this, in, (InetSocketAddress) from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "TFTP request port: datagram dropped", e);
            }
        }
    }

    /** Closes the request port and makes sure the socket is released before returning. */
    void closeRequestPort() {
        if (requestChannel == null) {
            return;
        }
        try {
            requestChannel.close();
            // A registered channel is closed for real when its key is deregistered, at the next select.
            selector.selectNow(this::onReady);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "TFTP request port did not close cleanly", e);
        }
    }

    /**
     * Sends an error from the request port: the answer to a request that starts no transfer (not
     * found, refused, busy). On this worker's thread (its send buffer is used); any worker may send
     * on the request port, since DatagramChannel sends are thread-safe.
     */
    void replyFromRequestPort(InetSocketAddress to, TftpErrorCode code, String message) {
        DatagramChannel channel = server.requestChannel();
        if (channel != null && channel.isOpen()) {
            sendError(channel, to, code, message);
        }
    }

    /** The same, for datagrams that are not valid requests: rate-limited, see ReplyBudget. */
    void replyToMalformed(InetSocketAddress to, TftpErrorCode code, String message) {
        if (malformedReplies.tryAcquire(System.nanoTime())) {
            replyFromRequestPort(to, code, message);
        }
    }

    // ---- transfers ------------------------------------------------------------------------------

    /** Takes ownership of a new transfer and starts its file lookup. On this worker's thread. */
    void admit(TftpTransfer transfer) {
        long now = System.nanoTime();
        transfer.index = transfers.size();
        transfers.add(transfer);
        transfer.deadline = now + config.lookupTimeout().toNanos();
        nextScanAt = Math.min(nextScanAt, transfer.deadline);
        if (aborting) {
            finish(transfer, TftpTransferResult.ERROR, "server stopped");
            return;
        }
        CompletionStage<Optional<byte[]>> lookup;
        try {
            lookup = server.files().find(transfer.path, transfer.client);
        } catch (RuntimeException e) {
            onLookup(transfer, null, e);
            return;
        }
        if (lookup == null) {
            onLookup(transfer, null, new NullPointerException("file source returned null"));
            return;
        }
        lookup.whenComplete((content, failure) -> {
            if (Thread.currentThread() == thread) {
                onLookup(transfer, content, failure);
            } else {
                // If the worker has terminated, the transfer was already ended with it.
                submit(() -> onLookup(transfer, content, failure));
            }
        });
    }

    private void onLookup(TftpTransfer t, Optional<byte[]> content, Throwable failure) {
        if (t.state != State.LOOKUP) {
            return;
        }
        if (aborting) {
            finish(t, TftpTransferResult.ERROR, "server stopped");
            return;
        }
        if (failure != null || content == null) {
            LOG.log(Level.WARNING, "TFTP file lookup of " + t.path + " failed", failure);
            replyFromRequestPort(t.client, TftpErrorCode.NOT_DEFINED, "Internal error");
            finish(t, TftpTransferResult.ERROR, "file lookup failed");
            return;
        }
        if (content.isEmpty()) {
            replyFromRequestPort(t.client, TftpErrorCode.FILE_NOT_FOUND, "File not found");
            finish(t, TftpTransferResult.NOT_FOUND, "no such file");
            return;
        }
        byte[] bytes = t.mode == TftpMode.NETASCII ? Netascii.encode(content.get()) : content.get();
        TftpNegotiation negotiation = TftpNegotiation.answer(t.options, config.maxBlockSize(), bytes.length);
        try {
            t.channel = openTransferChannel();
            t.channel.register(selector, SelectionKey.OP_READ, t);
        } catch (IOException e) {
            // Usually descriptor exhaustion: tell the client to come back rather than let it time out.
            LOG.log(Level.WARNING, "TFTP could not open a transfer socket", e);
            replyFromRequestPort(t.client, TftpErrorCode.NOT_DEFINED, "Server busy, retry later");
            finish(t, TftpTransferResult.ERROR, "no transfer socket");
            return;
        }
        t.content = bytes;
        t.blockSize = negotiation.blockSize();
        t.totalBlocks = bytes.length / t.blockSize + 1;
        t.initialTimeoutNanos = negotiation.timeoutSeconds().isPresent()
                ? negotiation.timeoutSeconds().getAsInt() * 1_000_000_000L
                : config.initialTimeout().toNanos();
        t.maxTimeoutNanos = Math.max(t.initialTimeoutNanos, config.maxTimeout().toNanos());
        t.hardDeadline = t.startedNanos + config.maxTransferDuration().toNanos();
        if (negotiation.hasOptionAck()) {
            t.optionAck = TftpCodec.encode(new TftpPacket.OptionAck(negotiation.acknowledged()));
            t.state = State.OPTION_ACK;
        } else {
            t.state = State.SENDING;
            t.sentBlock = 1;
        }
        armTimer(t, System.nanoTime(), t.initialTimeoutNanos);
        nextScanAt = Math.min(nextScanAt, t.deadline);
        send(t);
    }

    private DatagramChannel openTransferChannel() throws IOException {
        InetSocketAddress local = server.localAddress();
        DatagramChannel channel = DatagramChannel.open(local.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.configureBlocking(false);
            // A fresh ephemeral port on the request port's address: the server's transfer ID (RFC 1350 §4).
            channel.bind(new InetSocketAddress(local.getAddress(), 0));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void onTransferReadable(TftpTransfer t) throws IOException {
        for (int i = 0; i < READ_BATCH && t.state != State.DONE; i++) {
            in.clear();
            SocketAddress from = t.channel.receive(in);
            if (from == null) {
                return;
            }
            in.flip();
            if (!t.client.equals(from)) {
                onStranger(t, (InetSocketAddress) from);
                continue;
            }
            int block = TftpCodec.ackBlockOf(in);
            if (block >= 0) {
                if (onAck(t, block)) {
                    // Stop-and-wait: the peer sends nothing more until our packet reaches it, so another
                    // receive would almost always find the socket empty. That empty read was one syscall
                    // in three on the transfer path; anything queued after all is still reported by the
                    // next select, which is level-triggered.
                    return;
                }
            } else if (TftpCodec.opcodeOf(in) == TftpOpcode.ERROR.code()) {
                TftpPacket.ErrorPacket error = (TftpPacket.ErrorPacket) TftpCodec.decode(in);
                finish(t, TftpTransferResult.ABORTED,
                        "client sent error " + error.code() + ": " + truncate(error.message(), 100));
            } else {
                // Anything else from the peer is ignored: ending the transfer would help nobody, and
                // the retransmission timer carries on either way.
                server.countMalformed();
            }
        }
    }

    /** A datagram from another address or port than the transfer's peer: RFC 1350 §4 error 5. */
    private void onStranger(TftpTransfer t, InetSocketAddress from) {
        server.countUnknownTransferId();
        if (from.getPort() != 0 && TftpCodec.opcodeOf(in) != TftpOpcode.ERROR.code()
                && malformedReplies.tryAcquire(System.nanoTime())) {
            sendError(t.channel, from, TftpErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID");
        }
    }

    /** @return whether the ACK moved the transfer (it ended, or the next packet went out) */
    private boolean onAck(TftpTransfer t, int block) {
        // Only the ACK of the packet in flight moves the transfer; a duplicate ACK is never answered
        // (the Sorcerer's Apprentice fix, RFC 1123 §4.2.3.1): only the timer retransmits.
        if (block != t.expectedAck() || (t.state != State.OPTION_ACK && t.state != State.SENDING)) {
            return false;
        }
        long now = System.nanoTime();
        if (t.state == State.OPTION_ACK) {
            t.state = State.SENDING;
            t.sentBlock = 1;
        } else {
            t.ackedBlocks = t.sentBlock;
            if (t.sentBlock == t.totalBlocks) {
                finish(t, TftpTransferResult.COMPLETED, "");
                return true;
            }
            t.sentBlock++;
        }
        if (now - t.hardDeadline >= 0) {
            expire(t);
            return true;
        }
        t.retries = 0;
        armTimer(t, now, t.initialTimeoutNanos);
        send(t);
        return true;
    }

    private void armTimer(TftpTransfer t, long now, long timeoutNanos) {
        t.timeoutNanos = timeoutNanos;
        long due = now + timeoutNanos;
        t.deadline = due - t.hardDeadline < 0 ? due : t.hardDeadline;
    }

    /** Scans every transfer for a due timer and schedules the next scan at the earliest deadline. */
    private void scan(long now) {
        long next = now + MAX_SLEEP_NANOS;
        for (int i = 0; i < transfers.size(); ) {
            TftpTransfer t = transfers.get(i);
            if (now - t.deadline >= 0) {
                onTimeout(t, now);
            }
            if (i < transfers.size() && transfers.get(i) == t) {
                if (t.deadline - next < 0) {
                    next = t.deadline;
                }
                i++;
            }
        }
        nextScanAt = next;
    }

    private void onTimeout(TftpTransfer t, long now) {
        if (t.state == State.LOOKUP) {
            replyFromRequestPort(t.client, TftpErrorCode.NOT_DEFINED, "Internal error");
            finish(t, TftpTransferResult.ERROR, "file lookup timed out");
        } else if (now - t.hardDeadline >= 0) {
            expire(t);
        } else if (t.retries >= config.maxRetries()) {
            finish(t, TftpTransferResult.TIMED_OUT, "no acknowledgment after " + t.retries + " retransmissions");
        } else {
            t.retries++;
            t.retransmissions++;
            server.countRetransmission();
            armTimer(t, now, Math.min(2 * t.timeoutNanos, t.maxTimeoutNanos));
            send(t);
        }
    }

    private void expire(TftpTransfer t) {
        sendError(t.channel, t.client, TftpErrorCode.NOT_DEFINED, "Transfer took too long");
        finish(t, TftpTransferResult.TIMED_OUT, "exceeded the maximum transfer duration");
    }

    /** Sends the packet in flight: the OACK or the current DATA block. */
    private void send(TftpTransfer t) {
        out.clear();
        if (t.state == State.OPTION_ACK) {
            out.put(t.optionAck);
        } else {
            TftpCodec.putData(out, (int) (t.sentBlock & 0xffff), t.content, t.offsetOf(t.sentBlock), t.lengthOf(t.sentBlock));
        }
        out.flip();
        try {
            // A full socket buffer makes send() return 0: the datagram counts as lost, and the timer resends it.
            t.channel.send(out, t.client);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "TFTP send to " + t.client + " failed; the timer will retry", e);
        }
    }

    private void sendError(DatagramChannel channel, InetSocketAddress to, TftpErrorCode code, String message) {
        out.clear();
        TftpCodec.putError(out, code, message);
        out.flip();
        try {
            channel.send(out, to);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "TFTP error reply to " + to + " not sent", e);
        }
    }

    /** The client restarted with a new request from the same port: drop the old transfer silently. */
    void supersede(TftpTransfer t) {
        if (t.state != State.DONE) {
            finish(t, TftpTransferResult.ABORTED, "superseded by a new request from the same client port");
        }
    }

    private void finish(TftpTransfer t, TftpTransferResult result, String detail) {
        if (t.state == State.DONE) {
            return;
        }
        t.state = State.DONE;
        t.finished = true;
        if (t.index >= 0) {
            TftpTransfer last = transfers.remove(transfers.size() - 1);
            if (last != t) {
                transfers.set(t.index, last);
                last.index = t.index;
            }
            t.index = -1;
        }
        if (t.channel != null) {
            try {
                t.channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "TFTP transfer socket did not close cleanly", e);
            }
        }
        server.onFinished(t, result, detail);
        linger(t);
    }

    /**
     * Keeps an answered request known to the gate for a while (as TCP's TIME_WAIT does), so a
     * delayed copy of it, which the client sent before our answer reached it, starts nothing: a
     * stale transfer would send to a port the client may have closed and the system may have
     * given to another client since.
     */
    void linger(TftpTransfer t) {
        t.finishedAt = System.nanoTime();
        lingering.add(t);
    }

    private void forgetLingering(long now) {
        while (!lingering.isEmpty() && now - lingering.peek().finishedAt >= lingerNanos) {
            server.forget(lingering.poll());
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    private void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            try {
                command.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "TFTP worker command failed", e);
            }
        }
    }

    /** Ends every transfer still here, closes the sockets and the selector. */
    private void terminate() {
        synchronized (lifecycle) {
            terminated = true;
        }
        aborting = true;
        runCommands();
        for (TftpTransfer t : new ArrayList<>(transfers)) {
            if (t.channel != null) {
                sendError(t.channel, t.client, TftpErrorCode.NOT_DEFINED, "Server shutting down");
            }
            finish(t, TftpTransferResult.ERROR, "server stopped");
        }
        try {
            if (requestChannel != null) {
                requestChannel.close();
            }
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "TFTP selector did not close cleanly", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
