package io.keyturn.scheduler.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Spreads scheduled rotations so a fleet registered on one day never turns on one day: a device's next rotation
 * is due one cadence after its last, moved by an offset drawn uniformly from {@code ±percent} of the cadence. The
 * offset is derived from the MAC and the last rotation time, so every replica computes the same due time and a
 * device's due time does not move between ticks.
 */
public record Jitter(int percent) {

    public Jitter {
        if (percent < 0 || percent > 50) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_PERCENT,
                    "jitter is 0 to 50 percent of the cadence, not " + percent);
        }
    }

    /** When a device rotated at {@code last} is next due under {@code cadence}. */
    public Instant nextDue(String mac, Instant last, Duration cadence) {
        if (percent == 0) {
            return last.plus(cadence);
        }
        long seed = 1125899906842597L;
        for (byte b : mac.getBytes(StandardCharsets.US_ASCII)) {
            seed = 31 * seed + b;
        }
        seed = 31 * seed + last.getEpochSecond();
        double u = new SplittableRandom(seed).nextDouble(-1.0, 1.0);
        long spread = (long) (cadence.toSeconds() * (percent / 100.0) * u);
        return last.plus(cadence).plusSeconds(spread);
    }
}
