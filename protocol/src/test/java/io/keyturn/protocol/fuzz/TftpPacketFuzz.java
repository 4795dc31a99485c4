package io.keyturn.protocol.fuzz;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.tftp.Netascii;
import io.keyturn.protocol.tftp.TftpCodec;
import io.keyturn.protocol.tftp.TftpPacket;
import java.util.Arrays;

/**
 * Fuzz target for the TFTP codec (what the delivery server reads off the wire): any datagram decodes or is
 * refused with a {@link ProtocolException}; a decoded packet encodes to bytes that decode to the same
 * encoding again; netascii decoding never fails on any bytes and encoding inverts it.
 */
public final class TftpPacketFuzz {

    private TftpPacketFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        netascii(input);
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(input, 0, input.length);
        } catch (ProtocolException refused) {
            return;
        }
        byte[] encoded = TftpCodec.encode(packet);
        if (TftpCodec.encodedLength(packet) != encoded.length) {
            throw new AssertionError("encodedLength disagrees with encode for " + packet);
        }
        byte[] again = TftpCodec.encode(TftpCodec.decode(encoded, 0, encoded.length));
        if (!Arrays.equals(encoded, again)) {
            throw new AssertionError("encode/decode is not stable for " + packet);
        }
    }

    private static void netascii(byte[] input) {
        byte[] local;
        try {
            local = Netascii.decode(input);
        } catch (ProtocolException refused) {
            return;
        }
        byte[] wire = Netascii.encode(local);
        if (!Arrays.equals(Netascii.decode(wire), local)) {
            throw new AssertionError("netascii encode does not invert decode");
        }
    }
}
