package io.keyturn.simulator.transport;

import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.ProfileTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * HTTP and HTTPS fetches on {@code java.net.http}, shaped like the firmware's: HTTP/1.1, the unit's
 * User-Agent ({@code Linksys/SPA-962-6.1.5(a) (88012BA01234)}, spa-protocol.md §6), a POST with the
 * {@code --post} body, Basic credentials from {@code --uid}/{@code --pwd}, no redirects (the guides
 * never mention following one). Over HTTPS a unit with a unique client certificate presents it from
 * its own {@link SSLContext}; others use the transport's context, which carries the server CAs.
 *
 * <p>404 and 410 are not-found; any other status but 200 is a server error; a refused or timed-out
 * connection or an unknown host is unreachable. Bodies over the profile size limit are refused
 * without being read whole. TFTP is not this transport's; route it with
 * {@link ProfileTransport#byScheme}.
 */
public final class HttpProfileTransport implements ProfileTransport {

    /** The default connect and response timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Client-certificate clients kept alive by default; each holds a selector thread, so the cache is bounded. */
    public static final int DEFAULT_CERTIFICATE_CLIENTS = 64;

    private final SSLContext serverTrust;
    private final Duration timeout;
    private final HttpClient sharedClient;
    private final Map<SSLContext, HttpClient> certificateClients;

    /** A transport trusting the JDK's default CAs, with {@link #DEFAULT_TIMEOUT}. */
    public HttpProfileTransport() {
        this(defaultContext(), DEFAULT_TIMEOUT);
    }

    /**
     * A transport whose HTTPS connections without a client certificate use {@code serverTrust}
     * (typically trusting only the provisioning server's CA).
     */
    public HttpProfileTransport(SSLContext serverTrust, Duration timeout) {
        this(serverTrust, timeout, DEFAULT_CERTIFICATE_CLIENTS);
    }

    /**
     * As {@link #HttpProfileTransport(SSLContext, Duration)}, keeping up to {@code certificateClients} units'
     * client-certificate connections alive. A fleet that resyncs its HTTPS units round-robin needs at least as many
     * as it has such units: with fewer, the least-recently-used eviction drops every client just before its unit
     * comes round again, and each fetch pays for a new client, a new thread and a full handshake.
     *
     * @throws IllegalArgumentException when {@code certificateClients} is below 1
     */
    public HttpProfileTransport(SSLContext serverTrust, Duration timeout, int certificateClients) {
        this.serverTrust = Objects.requireNonNull(serverTrust, "serverTrust");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (certificateClients < 1) {
            throw new IllegalArgumentException("certificateClients must be at least 1, not " + certificateClients);
        }
        this.sharedClient = client(serverTrust);
        this.certificateClients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SSLContext, HttpClient> eldest) {
                // An evicted client is only dropped: Java 17's HttpClient has no close(), and its
                // selector thread ends once the client is unreachable and idle.
                return size() > certificateClients;
            }
        };
    }

    @Override
    public FetchResult fetch(FetchTarget target, FetchOptions options, DeviceIdentity device) {
        if (target.scheme() == UrlScheme.TFTP) {
            return FetchResult.failed("no tftp client in the HTTP transport");
        }
        URI uri;
        try {
            uri = URI.create(target.scheme().scheme() + "://" + target.host() + ":" + target.port() + target.pathAndQuery());
        } catch (IllegalArgumentException e) {
            return FetchResult.failed("the URL is not valid HTTP");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", device.userAgent());
        Optional<String> body = options.postBody();
        request = body.isPresent()
                ? request.header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body.get(), StandardCharsets.US_ASCII))
                : request.GET();
        if (options.user().isPresent()) {
            String credentials = options.user().get() + ":" + options.password().orElse("");
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.US_ASCII)));
        }
        HttpClient client = target.scheme() == UrlScheme.HTTPS && device.clientCertificate().isPresent()
                ? certificateClient(device.clientCertificate().get()) : sharedClient;
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                int status = response.statusCode();
                if (status == 200) {
                    return read(in);
                }
                if (status == 404 || status == 410) {
                    return FetchResult.notFound("http " + status);
                }
                return FetchResult.failed("http " + status);
            }
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return FetchResult.unreachable("connection failed: " + e.getClass().getSimpleName());
        } catch (HttpTimeoutException e) {
            return FetchResult.unreachable("timed out");
        } catch (SSLException e) {
            return FetchResult.failed("tls handshake failed");
        } catch (IOException e) {
            return unreachableOrFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FetchResult.unreachable("interrupted");
        }
    }

    private static FetchResult unreachableOrFailed(IOException e) {
        // The JDK client wraps connect and TLS failures in plain IOExceptions; look at the causes.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return FetchResult.failed("tls handshake failed");
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return FetchResult.unreachable("connection failed: " + t.getClass().getSimpleName());
            }
        }
        return FetchResult.unreachable("i/o error: " + e.getClass().getSimpleName());
    }

    private static FetchResult read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(ProfileCipher.DEFAULT_MAX_PROFILE_BYTES + 1);
        if (body.length > ProfileCipher.DEFAULT_MAX_PROFILE_BYTES) {
            return FetchResult.failed("file over " + ProfileCipher.DEFAULT_MAX_PROFILE_BYTES + " bytes");
        }
        return FetchResult.found(body);
    }

    /** The first A record, as the firmware uses (§1.3); the name itself when it does not resolve. */
    @Override
    public String addressOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }

    private HttpClient certificateClient(SSLContext context) {
        synchronized (certificateClients) {
            return certificateClients.computeIfAbsent(context, this::client);
        }
    }

    private HttpClient client(SSLContext context) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .sslContext(context)
                .build();
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
