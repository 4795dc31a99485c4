package io.keyturn.delivery.serve;

import io.keyturn.events.delivery.DeliveryProtocol;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * One request for a file, from any listener.
 *
 * @param path the path asked for (already checked by the listener, or as sent for a refusal)
 * @param protocol the listener
 * @param sourceAddress the client's IP address literal, without port or zone
 * @param userAgent the User-Agent, if the protocol carries one
 * @param certificate what the client certificate says, for HTTPS; {@code null} otherwise
 * @param arrivedAt when the request arrived
 * @param startNanos {@link System#nanoTime()} at arrival, for the duration
 */
public record FetchRequest(String path, DeliveryProtocol protocol, String sourceAddress, String userAgent,
                           DeviceIdentity.Reading certificate, Instant arrivedAt, long startNanos) {

    public FetchRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }

    /** A request arriving now by the service's {@code clock}. */
    public static FetchRequest now(String path, DeliveryProtocol protocol, String sourceAddress, String userAgent,
                                   DeviceIdentity.Reading certificate, Clock clock) {
        return new FetchRequest(path, protocol, literal(sourceAddress), userAgent, certificate, clock.instant(),
                System.nanoTime());
    }

    /** Milliseconds since arrival. */
    public long elapsedMillis() {
        return Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The address literal without an IPv6 zone ({@code fe80::1%eth0}) or brackets. */
    public static String literal(String address) {
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        return zone >= 0 ? a.substring(0, zone) : a;
    }

    /** The literal of an address. */
    public static String literal(InetAddress address) {
        return literal(address.getHostAddress());
    }
}
