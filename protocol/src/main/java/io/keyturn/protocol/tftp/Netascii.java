package io.keyturn.protocol.tftp;

import java.util.Arrays;

/**
 * Conversion between local (Unix) text and netascii, the text form of RFC 1350 transfers: a local
 * LF travels as CR LF and a local CR as CR NUL (RFC 764), so {@code decode(encode(x))} is {@code x}
 * for every byte array, binary or not. Bytes above 0x7f pass through unchanged, as in tftp-hpa.
 */
public final class Netascii {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private Netascii() {
    }

    /** Local bytes to netascii: LF becomes CR LF, CR becomes CR NUL. */
    public static byte[] encode(byte[] local) {
        int extra = 0;
        for (byte b : local) {
            if (b == LF || b == CR) {
                extra++;
            }
        }
        if (extra == 0) {
            return local.clone();
        }
        byte[] wire = new byte[local.length + extra];
        int j = 0;
        for (byte b : local) {
            if (b == LF) {
                wire[j++] = CR;
                wire[j++] = LF;
            } else if (b == CR) {
                wire[j++] = CR;
                wire[j++] = 0;
            } else {
                wire[j++] = b;
            }
        }
        return wire;
    }

    /**
     * Netascii to local bytes: CR LF becomes LF, CR NUL becomes CR. A CR followed by anything else
     * (or by nothing) is not valid netascii; it is kept as it is rather than failing the transfer.
     */
    public static byte[] decode(byte[] wire) {
        byte[] local = new byte[wire.length];
        int j = 0;
        for (int i = 0; i < wire.length; i++) {
            byte b = wire[i];
            if (b == CR && i + 1 < wire.length && (wire[i + 1] == LF || wire[i + 1] == 0)) {
                local[j++] = wire[i + 1] == LF ? LF : CR;
                i++;
            } else {
                local[j++] = b;
            }
        }
        return j == local.length ? local : Arrays.copyOf(local, j);
    }
}
