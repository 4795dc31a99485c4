package io.keyturn.protocol.rule;

import java.util.Objects;
import java.util.Optional;

/**
 * The fully resolved location a device fetches: every macro expanded, the scheme and port explicit,
 * and the server filled in from DHCP option 66 when the URL named none.
 *
 * @param path the absolute file path, starting with {@code /}
 * @param query the text after {@code ?}: empty when the URL ends in {@code ?}, absent when it has none
 * @param serverFromDhcp whether {@code host} came from DHCP option 66 rather than the URL
 */
public record FetchTarget(UrlScheme scheme, String host, int port, String path, Optional<String> query,
        boolean serverFromDhcp) {

    public FetchTarget {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a fetch target needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the path must be absolute");
        }
    }

    /** The path with the query, as sent in a request line: {@code /profile?Linksys}. */
    public String pathAndQuery() {
        return query.map(q -> path + "?" + q).orElse(path);
    }

    /** The URL with scheme and port explicit, e.g. {@code tftp://tftp.callme.com:69/profile/Xy12/spa962.cfg}. */
    public String url() {
        return scheme.scheme() + "://" + host + ":" + port + pathAndQuery();
    }

    /** {@link #url()}. */
    @Override
    public String toString() {
        return url();
    }
}
