package io.keyturn.delivery.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A TftpServer on 127.0.0.1 with an ephemeral port, a mutable file map and a recorded outcome queue. */
final class TftpTestServer implements AutoCloseable {

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final BlockingQueue<TftpTransferOutcome> outcomes = new LinkedBlockingQueue<>();
    final TftpServer server;

    private TftpTestServer(UnaryOperator<TftpServerConfig.Builder> customize, TftpFileSource source) {
        TftpServerConfig config = customize.apply(TftpServerConfig.builder(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .ioThreads(2)
                .initialTimeout(Duration.ofMillis(200))
                .maxTimeout(Duration.ofMillis(800))
                .maxRetries(4))
                .build();
        try {
            server = TftpServer.start(config, source == null ? TftpFileSource.fromMap(files) : source, outcomes::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TftpTestServer start() {
        return new TftpTestServer(b -> b, null);
    }

    static TftpTestServer start(UnaryOperator<TftpServerConfig.Builder> customize) {
        return new TftpTestServer(customize, null);
    }

    static TftpTestServer start(UnaryOperator<TftpServerConfig.Builder> customize, TftpFileSource source) {
        return new TftpTestServer(customize, source);
    }

    TftpTestServer with(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    /** The next outcome reported to the listener, waiting up to 10 s. */
    TftpTransferOutcome nextOutcome() {
        try {
            TftpTransferOutcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
            assertThat(outcome).as("an outcome reported to the listener").isNotNull();
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code n} outcomes, waiting up to 10 s for each. */
    java.util.List<TftpTransferOutcome> nextOutcomes(int n) {
        java.util.List<TftpTransferOutcome> list = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(nextOutcome());
        }
        return list;
    }

    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        server.stop(Duration.ofMillis(50));
    }
}
