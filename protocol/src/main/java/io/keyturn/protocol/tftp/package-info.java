/**
 * TFTP in plain Java: the packet codec ({@link io.keyturn.protocol.tftp.TftpCodec},
 * {@link io.keyturn.protocol.tftp.TftpPacket}) for RFC 1350 with the option extension of RFC 2347,
 * option negotiation for {@code blksize}, {@code tsize} and {@code timeout} (RFC 2348, 2349;
 * {@link io.keyturn.protocol.tftp.TftpNegotiation}), netascii conversion
 * ({@link io.keyturn.protocol.tftp.Netascii}) and a read-only client
 * ({@link io.keyturn.protocol.tftp.TftpClient}). SPA devices fetch their stage-0 file over TFTP
 * (spa-protocol.md §1.3); delivery-service serves it with the server built on this codec.
 */
package io.keyturn.protocol.tftp;
