package io.keyturn.scheduler.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The maintenance windows of a policy in one time zone. No windows means always open. Times are wall-clock in
 * {@code zone}, so a window keeps its local hours across daylight-saving changes: on the night the clocks go
 * forward a 02:00-03:00 window in Europe/Berlin does not exist, and on the night they go back a 02:00-03:00
 * window lasts two real hours (both passes through 02:xx are inside it).
 */
public record WindowSchedule(ZoneId zone, List<MaintenanceWindow> windows) {

    /** A schedule that is always open. */
    public static final WindowSchedule ALWAYS = new WindowSchedule(ZoneId.of("UTC"), List.of());

    public WindowSchedule {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows == null ? List.of() : windows);
    }

    /** Parses a zone id such as {@code Europe/Berlin}. */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_WINDOW, "unknown time zone");
        }
    }

    public boolean alwaysOpen() {
        return windows.isEmpty();
    }

    /** Whether rotations may go out at {@code t}. */
    public boolean isOpen(Instant t) {
        if (windows.isEmpty()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        LocalDate today = local.toLocalDate();
        LocalTime now = local.toLocalTime();
        for (MaintenanceWindow w : windows) {
            if (!w.overnight()) {
                if (w.days().contains(today.getDayOfWeek()) && !now.isBefore(w.start()) && now.isBefore(w.end())) {
                    return true;
                }
            } else {
                if (w.days().contains(today.getDayOfWeek()) && !now.isBefore(w.start())) {
                    return true;
                }
                if (w.days().contains(today.minusDays(1).getDayOfWeek()) && now.isBefore(w.end())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code from} at which the schedule is open; {@code from} itself when open now,
     * empty when no window opens within the next eight days (which for weekly windows means never).
     */
    public Optional<Instant> nextOpening(Instant from) {
        if (isOpen(from)) {
            return Optional.of(from);
        }
        LocalDate day = LocalDateTime.ofInstant(from, zone).toLocalDate();
        Instant best = null;
        for (int i = -1; i <= 8; i++) {
            LocalDate d = day.plusDays(i);
            for (MaintenanceWindow w : windows) {
                if (!w.days().contains(d.getDayOfWeek())) {
                    continue;
                }
                // A start inside a spring-forward gap is moved forward by the gap; if that lands on the end the
                // window does not exist that day, which isOpen() then confirms.
                Instant candidate = ZonedDateTime.of(d, w.start(), zone).toInstant();
                if (candidate.isAfter(from) && isOpen(candidate) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Checks that the schedule opens at some point of a typical week after {@code now}.
     *
     * @throws SchedulingException {@code WINDOW_NEVER_OPENS} if it does not
     */
    public WindowSchedule requireOpensAfter(Instant now) {
        if (nextOpening(now).isEmpty()) {
            throw new SchedulingException(SchedulingException.Reason.WINDOW_NEVER_OPENS,
                    "the maintenance windows never open in " + zone);
        }
        return this;
    }
}
