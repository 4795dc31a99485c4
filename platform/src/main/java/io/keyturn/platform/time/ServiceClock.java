package io.keyturn.platform.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one clock of a service: every time it writes into an event, a row or a schedule comes from here, so that no
 * service depends on agreeing with another's clock to the second.
 *
 * <p>{@code keyturn.clock.skew} (an ISO-8601 duration such as {@code PT5M} or {@code -PT90S}; zero unless set) shifts
 * it. It exists for the chaos suite, which runs one service minutes ahead of or behind the others to show that a
 * badly synchronised host strands nothing; in production it stays unset. It shifts this application clock only:
 * the JVM's own clock, and with it TLS certificate and token expiry checks, stays the host's.
 */
public class ServiceClock {

    private static final Logger LOG = Logger.getLogger(ServiceClock.class);

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "keyturn.clock.skew", defaultValue = "PT0S") Duration skew) {
        return of(skew);
    }

    /** The host's UTC clock shifted by {@code skew}; logs a warning when the shift is not zero. */
    public static Clock of(Duration skew) {
        if (skew.isZero()) {
            return Clock.systemUTC();
        }
        LOG.warnf("this service's clock is skewed by %s from the host's (keyturn.clock.skew): every time it writes"
                + " is shifted; leave it unset outside chaos runs", skew);
        return Clock.offset(Clock.systemUTC(), skew);
    }
}
