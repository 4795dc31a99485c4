package io.keyturn.scheduler.api;

import io.keyturn.platform.problem.ProblemException;
import io.keyturn.scheduler.domain.SchedulingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Reads the values the API takes as text. */
final class Requests {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private Requests() {
    }

    /** An ISO-8601 duration such as {@code PT30M}, or {@code null}. */
    static Duration duration(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_DURATION,
                    field + " is an ISO-8601 duration, e.g. PT1H or P30D");
        }
    }

    /** Runs {@code parse}, turning a refusal of the domain rules into its problem. */
    static <T> T parsed(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (SchedulingException e) {
            throw SchedulerProblem.of(e);
        }
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(io.keyturn.platform.problem.PlatformProblem.VALIDATION_FAILED,
                    "limit is 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    /** Parses a query value with {@code parse}, answering 400 instead of failing on an unknown value. */
    static <T> T code(String field, String text, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(io.keyturn.platform.problem.PlatformProblem.VALIDATION_FAILED,
                    field + " is not one of the known values");
        }
    }

    static long cursor(String cursor) {
        try {
            long v = Long.parseLong(cursor);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ProblemException(SchedulerProblem.INVALID_CURSOR, "the cursor is not one this API gave out");
        }
    }
}
