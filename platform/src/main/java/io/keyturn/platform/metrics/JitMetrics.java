package io.keyturn.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code jvm_compilation_time_ms_total}: the time the JIT compilers have spent since start. On a small node a service
 * serves from code still being compiled for a minute or more after a deploy, and its compiler threads take the cores
 * its requests need: delivery's p99 at a steady 10,000 req/s was 65-450 ms in --quick benchmark runs while its C2
 * thread compiled (800 methods in 25 s), against 16 ms in a run with C2 switched off. Its rate says when a replica is
 * warm.
 */
@ApplicationScoped
public class JitMetrics {

    void bind(@Observes StartupEvent event, MeterRegistry registry) {
        new JvmCompilationMetrics().bindTo(registry);
    }
}
