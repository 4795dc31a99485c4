package io.keyturn.crypto.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a chain works within.
 *
 * @param maxUnconfirmed how many generations may be issued beyond the confirmed one; a rotation that would exceed
 *     it is refused, since a device that does not resync gains nothing from a longer chain
 * @param retirementGrace how long a retired generation's key is kept before it is overwritten
 */
public record ChainPolicy(int maxUnconfirmed, Duration retirementGrace) {

    public ChainPolicy {
        if (maxUnconfirmed < 1) {
            throw new IllegalArgumentException("maxUnconfirmed must be at least 1");
        }
        Objects.requireNonNull(retirementGrace, "retirementGrace");
        if (retirementGrace.isNegative()) {
            throw new IllegalArgumentException("retirementGrace must not be negative");
        }
    }

    public static ChainPolicy defaults() {
        return new ChainPolicy(3, Duration.ZERO);
    }
}
