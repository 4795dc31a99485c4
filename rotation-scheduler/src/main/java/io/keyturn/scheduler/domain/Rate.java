package io.keyturn.scheduler.domain;

/** A maximum number of rotation requests per minute; always at least 1. */
public record Rate(int perMinute) {

    /** Highest rate accepted: 100,000 requests a minute is already far beyond what one crypto-service issues. */
    public static final int MAX_PER_MINUTE = 100_000;

    public Rate {
        if (perMinute <= 0) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE,
                    "a rate must be at least 1 per minute, not " + perMinute);
        }
        if (perMinute > MAX_PER_MINUTE) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE,
                    "a rate may be at most " + MAX_PER_MINUTE + " per minute, not " + perMinute);
        }
    }

    /**
     * Parses {@code 500}, {@code 500/min}, {@code 10/s} or {@code 30000/h} as the CLI writes rates.
     *
     * @throws SchedulingException {@code INVALID_RATE} for anything else
     */
    public static Rate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE, "a rate is required, e.g. 500/min");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long factorNumerator = 1;
        long factorDenominator = 1;
        int slash = t.indexOf('/');
        String number = t;
        if (slash >= 0) {
            number = t.substring(0, slash);
            switch (t.substring(slash + 1)) {
                case "min", "m", "minute" -> { }
                case "s", "sec", "second" -> factorNumerator = 60;
                case "h", "hour" -> factorDenominator = 60;
                default -> throw new SchedulingException(SchedulingException.Reason.INVALID_RATE,
                        "a rate's unit is /s, /min or /h");
            }
        }
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE, "a rate is a whole number, e.g. 500/min");
        }
        if (n > (long) MAX_PER_MINUTE * 60) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE,
                    "a rate may be at most " + MAX_PER_MINUTE + " per minute");
        }
        long perMinute = n * factorNumerator / factorDenominator;
        if (n > 0 && perMinute == 0) {
            throw new SchedulingException(SchedulingException.Reason.INVALID_RATE, "a rate must be at least 1 per minute");
        }
        return new Rate((int) perMinute);
    }
}
