package io.keyturn.scheduler.api;

import java.util.List;

/** A page of a list: its items and the cursor of the next page, {@code null} on the last. */
public record Page<T>(List<T> items, String nextCursor) {
}
