package io.keyturn.delivery.store;

import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.WithdrawalReason;
import java.util.Objects;

/**
 * What the store knows about one path: a file to serve, the tombstone of a withdrawn one, or nothing. Each carries
 * the revision of the row it came from, so a newer answer is never replaced by an older one.
 */
public sealed interface StoredFile {

    /** The requested path, normalised (see {@code DevicePath}). */
    String path();

    /** The row's revision; 0 for {@link Absent}, which no row backs. */
    long revision();

    /** The cache weight in bytes: the content plus a fixed overhead for the entry. */
    int weight();

    /** A file being served. {@code content} is never modified; it is shared by every request that serves it. */
    record Live(String path, long revision, ProfileKind kind, String mac, Long generation, Long targetGeneration,
                String contentType, String sha256, byte[] content) implements StoredFile {
        public Live {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(content, "content");
        }

        @Override
        public int weight() {
            return ENTRY_OVERHEAD + path.length() + content.length;
        }

        @Override
        public String toString() {
            return "Live[path=" + path + ", revision=" + revision + ", kind=" + kind.code() + ", mac=" + mac
                    + ", generation=" + generation + ", targetGeneration=" + targetGeneration + ", "
                    + content.length + " bytes sha256:" + sha256 + "]";
        }
    }

    /** A withdrawn file: nothing is served, and a fetch of a generation-retired path is a security event. */
    record Withdrawn(String path, long revision, ProfileKind kind, String mac, Long generation,
                     WithdrawalReason reason) implements StoredFile {
        public Withdrawn {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether a fetch of this path is a {@code retired-path-hit}. */
        public boolean retired() {
            return reason == WithdrawalReason.GENERATION_RETIRED && mac != null && generation != null;
        }

        @Override
        public int weight() {
            return ENTRY_OVERHEAD + path.length();
        }
    }

    /** No row for the path: nothing was ever published there. Cached too, so a repeated miss costs no query. */
    record Absent(String path) implements StoredFile {
        @Override
        public long revision() {
            return 0;
        }

        @Override
        public int weight() {
            return ENTRY_OVERHEAD + path.length();
        }
    }

    /** Roughly what the cache spends per entry beyond the content (key, node, record). */
    int ENTRY_OVERHEAD = 160;
}
