package io.keyturn.registry.domain;

import io.keyturn.events.CharRule;
import io.keyturn.registry.domain.RegistryException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A group a device belongs to, as a path of segments from the broadest: {@code region/north/city}. Templates of
 * every prefix apply to a device, the shortest first.
 */
public record GroupPath(String value) {

    private static final int MAX_LENGTH = 255;
    private static final CharRule SEGMENT = CharRule.of("A-Za-z0-9._-", 1, MAX_LENGTH);

    /**
     * Checks {@code value}: 1 to 255 characters of {@code /}-separated segments of letters, digits, {@code . _ -};
     * no empty, {@code .} or {@code ..} segment (the path goes into URLs).
     */
    public GroupPath {
        if (value == null || !SEGMENT.matchesPath(value, MAX_LENGTH) || hasDotSegment(value)) {
            throw invalid(value);
        }
    }

    private static boolean hasDotSegment(String value) {
        // "." or ".." between separators or at either end (the path goes into URLs).
        for (int start = 0; start <= value.length(); ) {
            int end = value.indexOf('/', start);
            if (end < 0) {
                end = value.length();
            }
            int n = end - start;
            if ((n == 1 || n == 2) && value.charAt(start) == '.' && value.charAt(end - 1) == '.') {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The path, or null for null or blank (no group). */
    public static GroupPath ofNullable(String value) {
        return value == null || value.isBlank() ? null : new GroupPath(value);
    }

    /** {@code a}, {@code a/b}, {@code a/b/c} for {@code a/b/c}: shortest first, the path itself last. */
    public List<String> prefixes() {
        List<String> out = new ArrayList<>();
        int i = -1;
        while ((i = value.indexOf('/', i + 1)) >= 0) {
            out.add(value.substring(0, i));
        }
        out.add(value);
        return out;
    }

    /** Whether this path is {@code prefix} or lies below it ({@code region/north} is within {@code region}). */
    public boolean isWithin(String prefix) {
        return value.equals(prefix) || value.startsWith(prefix + "/");
    }

    @Override
    public String toString() {
        return value;
    }

    private static RegistryException invalid(String value) {
        return new RegistryException(Reason.INVALID_FIELD, "group " + FieldRules.quote(value)
                + " must be /-separated segments of letters, digits, . _ - (at most 255 characters)");
    }
}
