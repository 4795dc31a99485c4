package io.keyturn.simulator.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} whose time moves only when told to, and only forwards. The {@link VirtualScheduler}
 * moves it from one device wake-up to the next; anything else that takes a {@code Clock} (a service
 * under test, a report) can share it and see the same virtual time. Millisecond resolution.
 */
public final class SimulationClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    /** A clock standing at {@code start}, in UTC. */
    public SimulationClock(Instant start) {
        this(new AtomicLong(Objects.requireNonNull(start, "start").toEpochMilli()), ZoneOffset.UTC);
    }

    private SimulationClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same time line seen in another zone: advancing either advances both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulationClock(millis, Objects.requireNonNull(zone, "zone"));
    }

    /**
     * Moves the clock to {@code time}.
     *
     * @throws IllegalArgumentException if {@code time} is before the current time: virtual time never
     *     runs backwards, or timers already fired would be in the future again
     */
    public void advanceTo(Instant time) {
        long target = time.toEpochMilli();
        long current = millis.get();
        if (target < current) {
            throw new IllegalArgumentException("virtual time runs forwards only: " + time + " is before " + instant());
        }
        millis.set(target);
    }

    /** Moves the clock forwards by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("virtual time runs forwards only: " + duration);
        }
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public String toString() {
        return "SimulationClock[" + instant() + "]";
    }
}
