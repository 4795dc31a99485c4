package io.keyturn.registry.api;

import io.keyturn.registry.domain.RegistryException;

/** Strong ETags from the device version ({@code "3"}), and the If-Match header back to a version. */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match names; null when absent or {@code *} (any version). */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String h = header.strip();
        if (h.startsWith("W/")) {
            h = h.substring(2);
        }
        if (h.length() >= 3 && h.startsWith("\"") && h.endsWith("\"")) {
            try {
                return Long.parseLong(h.substring(1, h.length() - 1));
            } catch (NumberFormatException e) {
                // An ETag we never issued matches no version.
                return -1L;
            }
        }
        throw new RegistryException(RegistryException.Reason.INVALID_QUERY,
                "If-Match must be an ETag this API returned, e.g. \"3\"");
    }
}
