package io.keyturn.crypto.api;

import java.time.Instant;
import java.util.Map;

/** A KEK rewrap job: its state ({@code running}, {@code completed}, {@code failed}) and the keys per KEK after it. */
public record RewrapView(String id, String state, String activeKekId, long rewrapped, Map<String, Long> wrappedPerKek,
        Instant startedAt, Instant finishedAt) {
}
