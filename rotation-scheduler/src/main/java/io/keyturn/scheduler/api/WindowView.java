package io.keyturn.scheduler.api;

import io.keyturn.scheduler.domain.MaintenanceWindow;
import io.keyturn.scheduler.domain.SchedulingException;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A weekly maintenance window on the wire: {@code {"days":["MON","TUE"],"start":"01:00","end":"05:00"}}. */
@Schema(name = "MaintenanceWindow")
public record WindowView(
        @Schema(description = "Days it opens on: MON..SUN or MONDAY..SUNDAY", example = "[\"MON\",\"TUE\"]") List<String> days,
        @Schema(description = "Local opening time HH:mm", example = "01:00") String start,
        @Schema(description = "Local closing time HH:mm; not after start means the next day", example = "05:00") String end) {

    public static WindowView from(MaintenanceWindow w) {
        return new WindowView(EnumSet.copyOf(w.days()).stream().map(d -> d.name().substring(0, 3)).toList(),
                w.start().toString(), w.end().toString());
    }

    MaintenanceWindow toDomain() {
        Set<DayOfWeek> parsed = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days == null ? List.<String>of() : days) {
            parsed.add(day(d));
        }
        return MaintenanceWindow.of(parsed, start, end);
    }

    static List<MaintenanceWindow> toDomain(List<WindowView> views) {
        return views == null ? null : views.stream().map(WindowView::toDomain).toList();
    }

    private static DayOfWeek day(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || (t.length() == 3 && d.name().startsWith(t))) {
                return d;
            }
        }
        throw new SchedulingException(SchedulingException.Reason.INVALID_WINDOW, "days are MON..SUN");
    }
}
