package io.keyturn.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** The scheduler's own settings, {@code keyturn.scheduler.*}. */
@ConfigMapping(prefix = "keyturn.scheduler")
public interface SchedulerConfig {

    /** How often campaigns are ticked (Quartz trigger interval). */
    @WithDefault("1s")
    Duration tickInterval();

    /** The most rotation requests per minute across every campaign and schedule of the fleet. */
    @WithDefault("6000")
    @Min(1)
    @Max(100_000)
    int fleetMaxPerMinute();

    /** This replica's name in campaign rows ({@code requested_by}); host name and process id when unset. */
    Optional<String> instanceId();

    /** How many stragglers a campaign view lists. */
    @WithDefault("20")
    @Min(0)
    @Max(1000)
    int stragglerSample();
}
