package io.keyturn.simulator.transport;

import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpException;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.ProfileTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Fetches over TFTP as SPA firmware does: a read request in octet mode for the rule's path (the query,
 * if any, is part of the file name), with the blksize and tsize options of RFC 2348/2349. TFTP has no
 * POST, credentials or client certificate, so those options are ignored, as the device ignores them
 * for a tftp URL.
 */
public final class TftpProfileTransport implements ProfileTransport {

    /** A block size that fits an Ethernet MTU with IP and UDP headers, as most TFTP clients ask. */
    public static final int DEFAULT_BLOCK_SIZE = 1468;

    private final TftpClient client;

    /** blksize 1468, tsize asked, 2 s per wait, 4 retries. */
    public TftpProfileTransport() {
        this(TftpClient.builder()
                .blockSize(DEFAULT_BLOCK_SIZE)
                .askTransferSize(true)
                .timeout(Duration.ofSeconds(2))
                .retries(4)
                .build());
    }

    /** Fetches with {@code client}'s settings. */
    public TftpProfileTransport(TftpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public FetchResult fetch(FetchTarget target, FetchOptions options, DeviceIdentity device) {
        String path = target.pathAndQuery();
        try {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
            return FetchResult.found(client.get(server, path));
        } catch (TftpException e) {
            if (e.fromServer() && e.code() == TftpErrorCode.FILE_NOT_FOUND) {
                return FetchResult.notFound("tftp error 1");
            }
            return FetchResult.failed("tftp error " + e.code().code() + (e.fromServer() ? " from server" : ""));
        } catch (UnknownHostException e) {
            return FetchResult.unreachable("unknown host " + target.host());
        } catch (SocketTimeoutException e) {
            return FetchResult.unreachable("tftp timeout");
        } catch (IOException e) {
            return FetchResult.unreachable("tftp: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String addressOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
