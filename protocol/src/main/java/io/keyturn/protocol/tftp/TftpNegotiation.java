package io.keyturn.protocol.tftp;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The outcome of option negotiation (RFC 2347–2349) for one read transfer: the block size both
 * sides use, the timeout and transfer size if agreed, and the options the server acknowledges.
 *
 * <p>Servers call {@link #answer}, clients {@link #accept}. The server side follows RFC 2347: an
 * option it does not understand, or whose value it cannot use, is left out of the OACK rather than
 * failing the request; if nothing is left, no OACK is sent and the transfer runs with RFC 1350
 * defaults.
 *
 * @param blockSize the DATA block size, 8..65464 (512 unless negotiated)
 * @param timeoutSeconds the agreed retransmission timeout in seconds, if any
 * @param transferSize the file size announced in the OACK, if any
 * @param acknowledged the options of the OACK; empty when there is none
 */
public record TftpNegotiation(int blockSize, OptionalInt timeoutSeconds, OptionalLong transferSize,
                              TftpOptions acknowledged) {

    /** @throws IllegalArgumentException if the block size is outside 8..65464 */
    public TftpNegotiation {
        if (blockSize < TftpOptions.MIN_BLOCK_SIZE || blockSize > TftpOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size outside 8..65464");
        }
        Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
        Objects.requireNonNull(transferSize, "transferSize");
        Objects.requireNonNull(acknowledged, "acknowledged");
    }

    /** No options: 512-byte blocks, no OACK. */
    public static TftpNegotiation none() {
        return new TftpNegotiation(TftpOptions.DEFAULT_BLOCK_SIZE, OptionalInt.empty(), OptionalLong.empty(),
                TftpOptions.empty());
    }

    /** Whether the server answers with an OACK (it does when it acknowledges at least one option). */
    public boolean hasOptionAck() {
        return !acknowledged.isEmpty();
    }

    /**
     * The server's answer to the options of a read request for a file of {@code fileSize} bytes.
     * <ul>
     *   <li>{@code blksize}: values from 8 up are accepted and capped at {@code maxBlockSize} (RFC 2348
     *       lets the server answer with a smaller value); smaller or non-numeric values are ignored.
     *   <li>{@code tsize}: any non-negative number (clients send 0) is answered with the file size.
     *   <li>{@code timeout}: 1..255 seconds is acknowledged unchanged; other values are ignored.
     *   <li>any other option is ignored (RFC 2347).
     * </ul>
     *
     * @throws IllegalArgumentException if {@code maxBlockSize} is outside 8..65464 or the size is negative
     */
    public static TftpNegotiation answer(TftpOptions requested, int maxBlockSize, long fileSize) {
        if (maxBlockSize < TftpOptions.MIN_BLOCK_SIZE || maxBlockSize > TftpOptions.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize outside 8..65464");
        }
        if (fileSize < 0) {
            throw new IllegalArgumentException("negative file size");
        }
        int blockSize = TftpOptions.DEFAULT_BLOCK_SIZE;
        OptionalInt timeout = OptionalInt.empty();
        OptionalLong transferSize = OptionalLong.empty();
        Map<String, String> ack = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : requested.asMap().entrySet()) {
            long value = decimal(option.getValue());
            switch (option.getKey()) {
                case TftpOptions.BLKSIZE:
                    if (value >= TftpOptions.MIN_BLOCK_SIZE) {
                        blockSize = (int) Math.min(value, maxBlockSize);
                        ack.put(TftpOptions.BLKSIZE, Integer.toString(blockSize));
                    }
                    break;
                case TftpOptions.TSIZE:
                    if (value >= 0) {
                        transferSize = OptionalLong.of(fileSize);
                        ack.put(TftpOptions.TSIZE, Long.toString(fileSize));
                    }
                    break;
                case TftpOptions.TIMEOUT:
                    if (value >= TftpOptions.MIN_TIMEOUT_SECONDS && value <= TftpOptions.MAX_TIMEOUT_SECONDS) {
                        timeout = OptionalInt.of((int) value);
                        ack.put(TftpOptions.TIMEOUT, Long.toString(value));
                    }
                    break;
                default:
                    break;
            }
        }
        return new TftpNegotiation(blockSize, timeout, transferSize, TftpOptions.of(ack));
    }

    /**
     * The client's check of a server's OACK against what it requested. The server may acknowledge
     * only options the client sent, a block size no larger than the one asked, the very timeout
     * asked, and a well-formed transfer size.
     *
     * @throws ProtocolException with {@link Reason#MALFORMED_TFTP} if the OACK breaks any of these
     *     rules; the client should then send error 8 and give up
     */
    public static TftpNegotiation accept(TftpOptions requested, TftpOptions acknowledged) {
        int blockSize = TftpOptions.DEFAULT_BLOCK_SIZE;
        OptionalInt timeout = OptionalInt.empty();
        OptionalLong transferSize = OptionalLong.empty();
        for (Map.Entry<String, String> option : acknowledged.asMap().entrySet()) {
            String name = option.getKey();
            String asked = requested.get(name)
                    .orElseThrow(() -> refused("server acknowledged option '" + PrintableAscii.sanitize(name, 32)
                            + "' that was not requested"));
            long value = decimal(option.getValue());
            switch (name) {
                case TftpOptions.BLKSIZE:
                    if (value < TftpOptions.MIN_BLOCK_SIZE || value > Math.min(decimal(asked), TftpOptions.MAX_BLOCK_SIZE)) {
                        throw refused("server acknowledged blksize " + PrintableAscii.sanitize(option.getValue(), 20)
                                + ", requested " + asked);
                    }
                    blockSize = (int) value;
                    break;
                case TftpOptions.TIMEOUT:
                    if (value < 0 || value != decimal(asked)) {
                        throw refused("server acknowledged timeout " + PrintableAscii.sanitize(option.getValue(), 20)
                                + ", requested " + asked);
                    }
                    timeout = OptionalInt.of((int) value);
                    break;
                case TftpOptions.TSIZE:
                    if (value < 0 || value == Long.MAX_VALUE) {
                        throw refused("server acknowledged tsize " + PrintableAscii.sanitize(option.getValue(), 20));
                    }
                    transferSize = OptionalLong.of(value);
                    break;
                default:
                    // Requested by the caller but unknown to us: the caller asked for it, so accept it.
                    break;
            }
        }
        return new TftpNegotiation(blockSize, timeout, transferSize, acknowledged);
    }

    /**
     * A non-negative decimal of at most 18 digits; -1 for anything else. Longer digit strings
     * saturate to {@link Long#MAX_VALUE} instead of overflowing, so a huge requested block size is
     * simply capped.
     */
    static long decimal(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }

    private static ProtocolException refused(String message) {
        return new ProtocolException(Reason.MALFORMED_TFTP, "option negotiation failed: " + message);
    }
}
