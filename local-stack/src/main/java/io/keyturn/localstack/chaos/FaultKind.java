package io.keyturn.localstack.chaos;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a fault does to the stack; {@link #code()} is how {@code --faults} and the report name it. */
public enum FaultKind {
    KILL_ONE_SERVICE("kill -9 of one service"),
    KILL_TWO_SERVICES("kill -9 of two services at once"),
    BROKER_RESTART("Kafka broker restart (held down, then released)"),
    POSTGRES_RESTART("PostgreSQL restart (kill -9 of the postmaster)"),
    CONSUMER_GROUP_REPLAY("consumer group reset to the earliest offsets (topics replayed)"),
    DUPLICATE_AND_REORDER("duplicated and reordered events (copies, shuffled, same keys and headers)"),
    STORE_REFUSES_WRITES("delivery's file store refuses writes (INSERT/UPDATE revoked, then granted)"),
    CLOCK_SKEW("clock skew between services (one service's clock minutes ahead or behind, then set right)");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** For example {@code kill-one-service}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException listing the known codes */
    public static FaultKind fromCode(String code) {
        for (FaultKind kind : values()) {
            if (kind.code().equals(code.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + code + "'; known: "
                + Arrays.stream(values()).map(FaultKind::code).collect(Collectors.joining(", ")));
    }
}
