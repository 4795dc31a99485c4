package io.keyturn.scheduler.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Halts a campaign when {@code limit} of its last {@code window} requested rotations went bad: failed, or still
 * unconfirmed past their confirmation deadline. Written {@code limit/window}, e.g. {@code 10/1000}.
 */
public record StopRule(int limit, int window) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    /** The rule a campaign gets when none is given: halt at 1% bad of the last 1,000. */
    public static final StopRule DEFAULT = new StopRule(10, 1000);

    public StopRule {
        if (limit < 1 || window < 1 || limit > window) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_STOP_RULE,
                    "a stop rule is N/M with 1 <= N <= M, e.g. 10/1000");
        }
    }

    /** Parses {@code N/M}. */
    public static StopRule parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_STOP_RULE,
                    "a stop rule is N/M with 1 <= N <= M, e.g. 10/1000");
        }
        return new StopRule(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether {@code bad} bad outcomes among the last {@link #window()} requests trip the rule. */
    public boolean trips(int bad) {
        return bad >= limit;
    }

    /**
     * Whether a cohort of {@code size} with {@code bad} outcomes failed as a canary: its bad share is above the
     * rule's ({@code limit/window}); a canary smaller than the window is judged by its share, not by the count.
     */
    public boolean failsCanary(int bad, int size) {
        return size > 0 && (long) bad * window > (long) limit * size;
    }

    @Override
    public String toString() {
        return limit + "/" + window;
    }
}
