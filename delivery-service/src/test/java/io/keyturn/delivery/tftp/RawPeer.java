package io.keyturn.delivery.tftp;

import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** A hand-driven TFTP peer on 127.0.0.1: tests send exactly the packets they mean and see every reply. */
final class RawPeer implements AutoCloseable {

    record Received(TftpPacket packet, InetSocketAddress from, byte[] bytes) {
        <T extends TftpPacket> T as(Class<T> type) {
            if (!type.isInstance(packet)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + packet + " from " + from);
            }
            return type.cast(packet);
        }

        TftpErrorCode errorCode() {
            return as(TftpPacket.ErrorPacket.class).errorCode();
        }
    }

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65536];

    RawPeer() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(TftpPacket packet, InetSocketAddress to) {
        sendBytes(TftpCodec.encode(packet), to);
    }

    void sendBytes(byte[] bytes, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram, or an AssertionError after {@code timeout}. */
    Received receive(Duration timeout) {
        return receiveWithin(timeout).orElseThrow(() -> new AssertionError("nothing received within " + timeout));
    }

    Received receive() {
        return receive(Duration.ofSeconds(5));
    }

    /** The next datagram, or empty if none arrives within {@code timeout}. */
    Optional<Received> receiveWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            socket.receive(datagram);
            byte[] bytes = java.util.Arrays.copyOf(buffer, datagram.getLength());
            return Optional.of(new Received(TftpCodec.decode(bytes, 0, bytes.length),
                    (InetSocketAddress) datagram.getSocketAddress(), bytes));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
