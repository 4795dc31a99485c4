package io.keyturn.scheduler.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.scheduler.domain.MaintenanceWindow;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;

/** Maintenance windows as stored in a {@code jsonb} column: {@code [{"days":["MONDAY"],"start":"01:00","end":"05:00"}]}. */
public final class WindowsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Stored(List<DayOfWeek> days, String start, String end) {
    }

    private WindowsJson() {
    }

    public static String write(List<MaintenanceWindow> windows) {
        try {
            return MAPPER.writeValueAsString(windows.stream()
                    .map(w -> new Stored(List.copyOf(EnumSet.copyOf(w.days())), w.start().toString(), w.end().toString()))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write maintenance windows", e);
        }
    }

    public static List<MaintenanceWindow> read(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<Stored>>() { }).stream()
                    .map(s -> MaintenanceWindow.of(EnumSet.copyOf(s.days()), s.start(), s.end()))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored maintenance windows are unreadable", e);
        }
    }
}
