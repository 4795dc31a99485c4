package io.keyturn.scheduler.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A weekly slot of wall-clock time in which rotations may go out: it opens at {@code start} on each of {@code days}
 * and closes at {@code end}, on the next day when {@code end} is not after {@code start} (an overnight window
 * 22:00-04:00 belongs to the day it opens on).
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public MaintenanceWindow {
        if (days == null || days.isEmpty()) {
            throw new SchedulingException(SchedulingException.Reason.WINDOW_NEVER_OPENS,
                    "a maintenance window needs at least one day");
        }
        if (start == null || end == null) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_WINDOW, "a maintenance window needs a start and an end");
        }
        if (start.equals(end)) {
            throw new SchedulingException(SchedulingException.Reason.WINDOW_NEVER_OPENS,
                    "a maintenance window from " + start + " to " + end + " is never open");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** Reads {@code HH:mm} times as the REST API and CLI write them. */
    public static MaintenanceWindow of(Set<DayOfWeek> days, String start, String end) {
        try {
            return new MaintenanceWindow(days, LocalTime.parse(start), LocalTime.parse(end));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_WINDOW,
                    "maintenance window times are HH:mm, e.g. 01:00");
        }
    }

    /** Whether the window wraps past midnight into the next day. */
    public boolean overnight() {
        return !end.isAfter(start);
    }
}
