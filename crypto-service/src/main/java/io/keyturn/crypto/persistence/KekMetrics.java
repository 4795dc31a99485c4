package io.keyturn.crypto.persistence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@code keyturn_kek_wrapped_keys{kek_id}}: keys wrapped under each KEK, the dashboard's KEK rotation progress. */
@ApplicationScoped
public class KekMetrics {

    private final KekRewrap rewrap;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    @Inject
    public KekMetrics(KekRewrap rewrap, MeterRegistry registry) {
        this.rewrap = rewrap;
        this.registry = registry;
    }

    @Scheduled(every = "${keyturn.crypto.kek.metrics-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        Map<String, Long> counts = rewrap.wrappedPerKek();
        gauges.forEach((id, value) -> value.set(counts.getOrDefault(id, 0L)));
        counts.forEach((id, n) -> gauges.computeIfAbsent(id, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("keyturn.kek.wrapped.keys", v, AtomicLong::get).tag("kek_id", k).register(registry);
            return v;
        }).set(n));
    }
}
