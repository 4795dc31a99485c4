package io.keyturn.simulator;

import io.keyturn.protocol.rule.FetchOptions;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.UrlScheme;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a device fetches the file a rule resolved to. Implementations: HTTP(S) on
 * {@code java.net.http} and an in-memory map for tests (package {@code transport}); TFTP joins through
 * {@link #byScheme}. Implementations must be thread-safe: one transport serves a whole fleet.
 */
@FunctionalInterface
public interface ProfileTransport {

    /**
     * Fetches {@code target} for {@code device}: with {@code options}' POST body and credentials where
     * the scheme has them, presenting the device's User-Agent and client certificate. Never throws for
     * anything the network or server does; that is a {@link FetchResult}.
     */
    FetchResult fetch(FetchTarget target, FetchOptions options, DeviceIdentity device);

    /**
     * The address {@code host} resolves to, for {@code $SERVIP} in syslog lines. The default is the
     * name itself: a simulated network has no DNS.
     */
    default String addressOf(String host) {
        return host;
    }

    /**
     * One transport per scheme; a scheme without one fails every fetch with a {@code FAILED} result
     * naming it, as a unit without that client would.
     */
    static ProfileTransport byScheme(Map<UrlScheme, ? extends ProfileTransport> transports) {
        Map<UrlScheme, ProfileTransport> copy = new EnumMap<>(UrlScheme.class);
        copy.putAll(transports);
        return new ProfileTransport() {
            @Override
            public FetchResult fetch(FetchTarget target, FetchOptions options, DeviceIdentity device) {
                ProfileTransport t = copy.get(target.scheme());
                return t == null ? FetchResult.failed("no " + target.scheme().scheme() + " client")
                        : t.fetch(target, options, device);
            }

            @Override
            public String addressOf(String host) {
                // Resolution is per host, not per scheme: ask the first transport that can.
                return copy.values().stream().map(t -> t.addressOf(host)).filter(a -> !a.equals(host))
                        .findFirst().orElse(host);
            }
        };
    }
}
