package io.keyturn.protocol.rule;

import java.util.Locale;
import java.util.Optional;

/** The schemes a rule URL may name, with their default ports (spa-protocol.md §1.3). */
public enum UrlScheme {
    /** TFTP, UDP port 69; assumed when a URL names no scheme. */
    TFTP(69),
    /** HTTP, TCP port 80. */
    HTTP(80),
    /** HTTPS, TCP port 443. */
    HTTPS(443);

    private final int defaultPort;

    UrlScheme(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port used when the URL names none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The scheme as a URL writes it: {@code tftp}, {@code http}, {@code https}. */
    public String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme written {@code name}, case-insensitively. */
    public static Optional<UrlScheme> byName(String name) {
        for (UrlScheme s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
