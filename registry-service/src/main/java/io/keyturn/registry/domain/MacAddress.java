package io.keyturn.registry.domain;

import java.util.Locale;

/** A device MAC in the one form the registry stores and the events carry: 12 lowercase hex digits. */
public final class MacAddress {

    private MacAddress() {
    }

    /**
     * Accepts {@code 000e08aabbcc}, {@code 00:0E:08:AA:BB:CC}, {@code 00-0e-08-aa-bb-cc} and {@code 000E.08AA.BBCC}
     * (one separator style throughout, between every pair or every group of four) and returns the lowercase form.
     *
     * @throws RegistryException {@code INVALID_MAC} for anything else
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new RegistryException(RegistryException.Reason.INVALID_MAC, "mac is required");
        }
        String s = raw.strip();
        String hex;
        if (s.length() == 12) {
            hex = s;
        } else if (s.length() == 17 && separatedEvery(s, 2, s.charAt(2))) {
            hex = s.replace(String.valueOf(s.charAt(2)), "");
        } else if (s.length() == 14 && s.charAt(4) == '.' && separatedEvery(s, 4, '.')) {
            hex = s.replace(".", "");
        } else {
            throw invalid(raw);
        }
        if (hex.length() != 12) {
            throw invalid(raw);
        }
        for (int i = 0; i < 12; i++) {
            char c = hex.charAt(i);
            // Explicit ranges: Character.digit would also take full-width and other Unicode digits.
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw invalid(raw);
            }
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code s} is a valid MAC in any accepted spelling. */
    public static boolean isValid(String s) {
        try {
            normalise(s);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    private static boolean separatedEvery(String s, int group, char sep) {
        if (sep != ':' && sep != '-' && sep != '.') {
            return false;
        }
        for (int i = group; i < s.length(); i += group + 1) {
            if (s.charAt(i) != sep) {
                return false;
            }
        }
        return true;
    }

    private static RegistryException invalid(String raw) {
        // Quoted only when short and printable ASCII: the detail goes back to the caller and into logs.
        String shown = raw.length() <= 32 && raw.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? " '" + raw + "'" : "";
        return new RegistryException(RegistryException.Reason.INVALID_MAC,
                "mac" + shown + " is not 12 hex digits (colons, dashes or dots between pairs allowed)");
    }
}
