package io.keyturn.registry.config;

import io.keyturn.registry.domain.DeviceRegistrar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The plain-Java domain objects, wired once (the clock is platform's ServiceClock). */
@ApplicationScoped
public class Producers {

    @Produces
    @ApplicationScoped
    DeviceRegistrar registrar(StagingSealer sealer, Clock clock) {
        return new DeviceRegistrar(sealer, clock);
    }
}
