package io.keyturn.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);

    private static WindowSchedule nightly(String start, String end) {
        return new WindowSchedule(BERLIN, List.of(MaintenanceWindow.of(EVERY_DAY, start, end)));
    }

    @Test
    void opensOnlyInsideTheLocalHoursOfTheZone() {
        WindowSchedule s = nightly("01:00", "05:00");
        // 01:30 in Berlin in winter is 00:30 UTC.
        assertThat(s.isOpen(Instant.parse("2026-01-15T00:30:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-01-15T04:00:00Z"))).isFalse();
        assertThat(s.isOpen(Instant.parse("2026-01-14T23:59:00Z"))).isFalse();
    }

    @Test
    void keepsLocalHoursWhenSummerTimeStarts() {
        WindowSchedule s = nightly("01:00", "05:00");
        // In summer 01:00 Berlin is 23:00 UTC the day before.
        assertThat(s.isOpen(Instant.parse("2026-07-14T23:30:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-07-15T03:00:00Z"))).isFalse();
    }

    @Test
    void aWindowInsideTheSpringForwardGapDoesNotExistThatNight() {
        // 2026-03-29: clocks jump from 02:00 to 03:00 in Berlin.
        WindowSchedule s = nightly("02:00", "03:00");
        Instant before = Instant.parse("2026-03-28T22:00:00Z");
        Instant next = s.nextOpening(before).orElseThrow();
        // Not on the 29th (the hour is skipped) but at 02:00 CEST on the 30th = 00:00 UTC.
        assertThat(next).isEqualTo(Instant.parse("2026-03-30T00:00:00Z"));
        for (Instant t = Instant.parse("2026-03-29T00:00:00Z"); t.isBefore(Instant.parse("2026-03-29T03:00:00Z"));
             t = t.plus(Duration.ofMinutes(5))) {
            assertThat(s.isOpen(t)).as("open at %s", t).isFalse();
        }
    }

    @Test
    void aWindowAcrossTheFallBackHourLastsTwoRealHours() {
        // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET; 02:xx happens twice.
        WindowSchedule s = nightly("02:00", "03:00");
        int openMinutes = 0;
        for (Instant t = Instant.parse("2026-10-24T22:00:00Z"); t.isBefore(Instant.parse("2026-10-25T04:00:00Z"));
             t = t.plus(Duration.ofMinutes(1))) {
            if (s.isOpen(t)) {
                openMinutes++;
            }
        }
        assertThat(openMinutes).isEqualTo(120);
    }

    @Test
    void anOvernightWindowBelongsToTheDayItOpens() {
        WindowSchedule s = new WindowSchedule(BERLIN,
                List.of(MaintenanceWindow.of(EnumSet.of(DayOfWeek.FRIDAY), "22:00", "04:00")));
        // Friday 2026-01-16 23:00 Berlin, Saturday 03:00 Berlin: open; Saturday 23:00: closed.
        assertThat(s.isOpen(Instant.parse("2026-01-16T22:00:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-01-17T02:00:00Z"))).isTrue();
        assertThat(s.isOpen(Instant.parse("2026-01-17T22:00:00Z"))).isFalse();
        assertThat(s.nextOpening(Instant.parse("2026-01-17T12:00:00Z")))
                .contains(Instant.parse("2026-01-23T21:00:00Z"));
    }

    @Test
    void nextOpeningIsNowWhenOpen() {
        Instant t = Instant.parse("2026-01-15T00:30:00Z");
        assertThat(nightly("01:00", "05:00").nextOpening(t)).contains(t);
    }

    @Test
    void noWindowsMeansAlwaysOpen() {
        assertThat(WindowSchedule.ALWAYS.isOpen(Instant.parse("2026-05-05T12:00:00Z"))).isTrue();
    }

    @Test
    void refusesWindowsThatNeverOpen() {
        assertThatThrownBy(() -> MaintenanceWindow.of(EVERY_DAY, "02:00", "02:00"))
                .isInstanceOfSatisfying(SchedulingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.WINDOW_NEVER_OPENS));
        assertThatThrownBy(() -> MaintenanceWindow.of(Set.of(), "01:00", "02:00"))
                .isInstanceOfSatisfying(SchedulingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.WINDOW_NEVER_OPENS));
    }

    @Test
    void refusesMalformedTimesAndZones() {
        assertThatThrownBy(() -> MaintenanceWindow.of(EVERY_DAY, "25:00", "02:00"))
                .isInstanceOfSatisfying(SchedulingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SchedulingException.Reason.INVALID_WINDOW));
        assertThatThrownBy(() -> WindowSchedule.zone("Mars/Olympus"))
                .isInstanceOf(SchedulingException.class);
    }
}
