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

    public static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        int nano = instant.getNano();
        int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        byte[] text = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
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
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        if (fraction > 0) {
            text[at++] = '.';
            digits(text, at, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano, fraction);
            at += fraction;
        }
        text[at] = 'Z';
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
