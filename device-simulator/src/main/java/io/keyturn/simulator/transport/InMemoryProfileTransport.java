package io.keyturn.simulator.transport;

import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.FetchResult;
import io.keyturn.simulator.ProfileTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A provisioning server in a map, for tests and fleet simulations without a network: URL → file,
 * any scheme. Faults can be injected per URL (not found, unreachable, a server error, corrupt bytes)
 * and per host (unreachable). URLs are compared with scheme and port explicit, so
 * {@code tftp://10.0.0.1/spa962.cfg} and {@code tftp://10.0.0.1:69/spa962.cfg} are the same file.
 * Thread-safe.
 */
public final class InMemoryProfileTransport implements ProfileTransport {

    /** A fault that replaces the normal answer for one URL. */
    public enum Fault {
        /** Answers file-not-found even when the file is published. */
        NOT_FOUND,
        /** Does not answer. */
        UNREACHABLE,
        /** Answers with a server error (as HTTP 500). */
        SERVER_ERROR,
        /**
         * Serves the published file with every byte after the {@code Salted__} header and salt
         * inverted: it no longer decrypts (or, unencrypted, no longer parses). An unpublished URL
         * serves 48 bytes of the same damage.
         */
        CORRUPT
    }

    /** One fetch as the server saw it. */
    public record Fetch(String mac, String url, String userAgent, Optional<String> postBody, FetchResult.Status status) {
    }

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Set<String> unreachableHosts = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> fetchCounts = new ConcurrentHashMap<>();
    private final List<Fetch> log = new ArrayList<>();
    private volatile boolean recording = true;

    /** Serves {@code body} at {@code url}, replacing what was there. */
    public void publish(String url, byte[] body) {
        files.put(normalise(url), body.clone());
    }

    /** Stops serving {@code url}: it answers not-found. */
    public void withdraw(String url) {
        files.remove(normalise(url));
    }

    /** Whether a file is published at {@code url}. */
    public boolean isPublished(String url) {
        return files.containsKey(normalise(url));
    }

    /** Answers {@code url} with {@code fault} until {@link #clearFault}. */
    public void inject(String url, Fault fault) {
        faults.put(normalise(url), Objects.requireNonNull(fault, "fault"));
    }

    /** Answers {@code url} normally again. */
    public void clearFault(String url) {
        faults.remove(normalise(url));
    }

    /** Makes every URL on {@code host} unreachable, or reachable again. */
    public void setReachable(String host, boolean reachable) {
        String h = host.toLowerCase(Locale.ROOT);
        if (reachable) {
            unreachableHosts.remove(h);
        } else {
            unreachableHosts.add(h);
        }
    }

    /**
     * Whether to keep every fetch for {@link #fetches()}; on by default. A long fleet run turns it off
     * and reads {@link #fetchCount} instead.
     */
    public void setRecording(boolean recording) {
        this.recording = recording;
    }

    /** Every fetch recorded so far, oldest first. */
    public List<Fetch> fetches() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** How often {@code url} was fetched, whatever the answer. */
    public long fetchCount(String url) {
        LongAdder n = fetchCounts.get(normalise(url));
        return n == null ? 0 : n.sum();
    }

    @Override
    public FetchResult fetch(FetchTarget target, FetchOptions options, DeviceIdentity device) {
        String url = target.url();
        fetchCounts.computeIfAbsent(url, u -> new LongAdder()).increment();
        FetchResult result = answer(target, url);
        if (recording) {
            synchronized (log) {
                log.add(new Fetch(device.mac(), url, device.userAgent(), options.postBody(), result.status()));
            }
        }
        return result;
    }

    private FetchResult answer(FetchTarget target, String url) {
        if (unreachableHosts.contains(target.host().toLowerCase(Locale.ROOT))) {
            return FetchResult.unreachable("no answer from " + target.host());
        }
        Fault fault = faults.get(url);
        byte[] body = files.get(url);
        if (fault != null) {
            switch (fault) {
                case NOT_FOUND:
                    return notFound(target);
                case UNREACHABLE:
                    return FetchResult.unreachable("no answer from " + target.host());
                case SERVER_ERROR:
                    return FetchResult.failed(target.scheme() == UrlScheme.TFTP ? "tftp error 0" : "http 500");
                case CORRUPT:
                    return FetchResult.found(corrupt(body));
                default:
                    throw new AssertionError(fault);
            }
        }
        return body == null ? notFound(target) : FetchResult.found(body);
    }

    private static FetchResult notFound(FetchTarget target) {
        return FetchResult.notFound(target.scheme() == UrlScheme.TFTP ? "tftp error 1" : "http 404");
    }

    private static byte[] corrupt(byte[] body) {
        byte[] damaged = body == null ? new byte[48] : body.clone();
        for (int i = Math.min(16, damaged.length); i < damaged.length; i++) {
            damaged[i] = (byte) ~damaged[i];
        }
        return damaged;
    }

    /**
     * {@code scheme://host:port/path?query} with the default port filled in, as
     * {@link FetchTarget#url()} writes it.
     *
     * @throws IllegalArgumentException for a URL without scheme, host or absolute path
     */
    static String normalise(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        UrlScheme scheme = Optional.ofNullable(uri.getScheme()).flatMap(UrlScheme::byName)
                .orElseThrow(() -> new IllegalArgumentException("a URL starts with tftp://, http:// or https://: " + url));
        if (uri.getHost() == null || uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            throw new IllegalArgumentException("a URL needs a host and an absolute path: " + url);
        }
        int port = uri.getPort() < 0 ? scheme.defaultPort() : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return scheme.scheme() + "://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
    }
}
