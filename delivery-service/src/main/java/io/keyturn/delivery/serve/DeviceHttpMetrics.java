package io.keyturn.delivery.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device port's own figures ({@link DeviceHttpListener}). Quarkus' HTTP metrics never see its connections: they
 * are plain Netty, and only those passed to Quarkus (operator paths) reach its server.
 *
 * <ul>
 *   <li>{@code keyturn.delivery.http.connections.open}: connections open now</li>
 *   <li>{@code keyturn.delivery.http.connections}: connections accepted</li>
 *   <li>{@code keyturn.delivery.http.connections.tunnelled}: connections passed to Quarkus' server</li>
 *   <li>{@code keyturn.delivery.http.responses{status}}: responses the port writes itself, by status: every answer
 *       to a device, and the 503 to an operator request while Quarkus' server is not up yet (a tunnelled request is
 *       Quarkus' to count); a status outside the ones this port writes counts as {@code other}</li>
 * </ul>
 */
final class DeviceHttpMetrics {

    /** Every status the device port writes itself. */
    private static final int[] STATUSES = {200, 304, 400, 404, 405, 414, 429, 431, 503};

    private final AtomicLong open = new AtomicLong();
    private final Counter accepted;
    private final Counter tunnelled;
    /** Indexed by status - 200; the port writes only statuses from 200 to 599. */
    private final Counter[] byStatus = new Counter[400];
    private final Counter other;

    DeviceHttpMetrics(MeterRegistry registry) {
        registry.gauge("keyturn.delivery.http.connections.open", open);
        accepted = Counter.builder("keyturn.delivery.http.connections").description("device connections accepted")
                .register(registry);
        tunnelled = Counter.builder("keyturn.delivery.http.connections.tunnelled")
                .description("connections passed to Quarkus' HTTP server (operator paths)").register(registry);
        for (int status : STATUSES) {
            byStatus[status - 200] = responses(registry, Integer.toString(status));
        }
        other = responses(registry, "other");
    }

    private static Counter responses(MeterRegistry registry, String status) {
        return Counter.builder("keyturn.delivery.http.responses").tag("status", status)
                .description("responses the device port wrote itself (not those of tunnelled operator requests)").register(registry);
    }

    void opened() {
        open.incrementAndGet();
        accepted.increment();
    }

    void closed() {
        open.decrementAndGet();
    }

    void tunnelled() {
        tunnelled.increment();
    }

    void answered(int status) {
        Counter c = status >= 200 && status < 600 ? byStatus[status - 200] : null;
        (c != null ? c : other).increment();
    }
}
