package io.keyturn.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A Resync_Periodic or Resync_Error_Retry_Delay value (spa-protocol.md §5.1): a comma-separated
 * back-off list of seconds, each optionally followed by {@code +N}, up to N seconds of random delay.
 * The n-th consecutive use takes the n-th element; the last repeats forever.
 * {@code 1800+300,3600+600,7200+900} waits 1800–2100 s, then 3600–4200 s, then 7200–8100 s each time.
 */
public record ResyncSchedule(List<Step> steps) {

    /** Longest accepted number, in seconds: about 31 years, far beyond any real setting. */
    private static final long MAX_SECONDS = 999_999_999L;

    /** One element: {@code seconds} plus a uniform random 0..{@code jitterSeconds}. */
    public record Step(long seconds, long jitterSeconds) {
        public Step {
            if (seconds < 0 || jitterSeconds < 0) {
                throw new IllegalArgumentException("schedule steps are never negative");
            }
        }
    }

    public ResyncSchedule {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one step");
        }
    }

    /**
     * Reads a schedule; blank text is {@code 0}. Empty when the text is not a list of
     * {@code N} or {@code N+M} elements (spaces allowed around the separators).
     */
    public static Optional<ResyncSchedule> parse(String text) {
        if (text.isBlank()) {
            return Optional.of(new ResyncSchedule(List.of(new Step(0, 0))));
        }
        List<Step> steps = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            String[] parts = element.split("\\+", -1);
            if (parts.length > 2) {
                return Optional.empty();
            }
            long seconds = number(parts[0]);
            long jitter = parts.length == 2 ? number(parts[1]) : 0;
            if (seconds < 0 || jitter < 0) {
                return Optional.empty();
            }
            steps.add(new Step(seconds, jitter));
        }
        return Optional.of(new ResyncSchedule(steps));
    }

    private static long number(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long n = Long.parseLong(t);
        return n <= MAX_SECONDS ? n : -1;
    }

    /** The step used for the {@code attempt}-th consecutive use (0-based): the last one repeats. */
    public Step step(int attempt) {
        return steps.get(Math.min(Math.max(attempt, 0), steps.size() - 1));
    }

    /** The delay for the {@code attempt}-th consecutive use, jitter drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        Step s = step(attempt);
        long jitter = s.jitterSeconds() == 0 ? 0 : random.nextLong(s.jitterSeconds() + 1);
        return Duration.ofSeconds(s.seconds() + jitter);
    }

    /** The schedule as the device parameter writes it. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Step s : steps) {
            out.append(out.length() > 0 ? "," : "").append(s.seconds());
            if (s.jitterSeconds() > 0) {
                out.append('+').append(s.jitterSeconds());
            }
        }
        return out.toString();
    }
}
