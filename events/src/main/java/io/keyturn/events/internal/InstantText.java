package io.keyturn.events.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@link DateTimeFormatter#ISO_INSTANT}'s text ({@code 2026-11-26T10:15:30.250Z}), written without the formatter:
 * delivery writes two instants into every fetch event, and the formatter's printer chain was a sixth of the time the
 * fetch log spent on an event's JSON (JFR). Same output for every instant (InstantTextTest compares them): seconds
 * always, a fraction of 3, 6 or 9 digits only as long as the nanoseconds need. Years outside 0000-9999 go to the
 * formatter.
 */
public final class InstantText {

    private static final long FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private InstantText() {
    }

    /** The longest text {@link #write} makes: {@code 9999-12-31T23:59:59.999999999Z}. */
    public static final int MAX_LENGTH = 30;

    public static String iso(Instant instant) {
        byte[] text = new byte[MAX_LENGTH];
        int length = write(instant, text, 0);
        return length < 0 ? DateTimeFormatter.ISO_INSTANT.format(instant)
                : new String(text, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the text into {@code into} at {@code at} (room for {@link #MAX_LENGTH} bytes) and returns its length;
     * -1, writing nothing, for a year outside 0000-9999.
     */
    public static int write(Instant instant, byte[] into, int at) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return -1;
        }
        int nano = instant.getNano();
        int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(into, at, year, 4);
        into[at + 4] = '-';
        digits(into, at + 5, month, 2);
        into[at + 7] = '-';
        digits(into, at + 8, day, 2);
        into[at + 10] = 'T';
        digits(into, at + 11, secondOfDay / 3_600, 2);
        into[at + 13] = ':';
        digits(into, at + 14, secondOfDay / 60 % 60, 2);
        into[at + 16] = ':';
        digits(into, at + 17, secondOfDay % 60, 2);
        int end = at + 19;
        if (fraction > 0) {
            into[end++] = '.';
            digits(into, end, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano, fraction);
            end += fraction;
        }
        into[end++] = 'Z';
        return end - at;
    }

    private static void digits(byte[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
