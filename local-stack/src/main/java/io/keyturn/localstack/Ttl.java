package io.keyturn.localstack;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token lifetimes as people type them: {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d}, or ISO-8601 {@code PT8H}. */
final class Ttl {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,7})([smhd])");

    private Ttl() {
    }

    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--ttl must look like 90s, 30m, 8h, 7d or PT8H, not '" + text + "'");
        }
    }
}
