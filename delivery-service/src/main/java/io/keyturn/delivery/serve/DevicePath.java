package io.keyturn.delivery.serve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths devices ask for over HTTP and HTTPS, checked strictly. Published paths use letters, digits and
 * {@code . _ -} in {@code /}-separated segments, so anything else is refused rather than interpreted: no
 * percent-decoding ({@code %2e%2e}, {@code %2f}, an encoded NUL all stay refused), no {@code .} or {@code ..}
 * segments, no empty segment ({@code //}), no backslash, no trailing slash. A refused path is answered exactly like
 * a path with nothing published, so the answer gives nothing away.
 */
public final class DevicePath {

    /** Longer paths are refused (the event contract's limit for a served path); real ones are under 100 characters. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern MTLS_BOOTSTRAP = Pattern.compile("/bootstrap/([0-9a-f]{12})\\.xml");
    private static final Pattern CLAIMED_MAC = Pattern.compile("/bootstrap/(?:spa)?([0-9a-f]{12})\\.(?:cfg|xml)");

    private DevicePath() {
    }

    /** The path if it is well formed, as is (no normalisation is needed or done); empty otherwise. */
    public static Optional<String> check(String raw) {
        if (raw == null || raw.length() < 2 || raw.length() > MAX_LENGTH || raw.charAt(0) != '/'
                || raw.charAt(raw.length() - 1) == '/') {
            return Optional.empty();
        }
        int segmentStart = 1;
        for (int i = 1; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 || (length == 1 && raw.charAt(segmentStart) == '.')
                        || (length == 2 && raw.charAt(segmentStart) == '.' && raw.charAt(segmentStart + 1) == '.')) {
                    return Optional.empty();
                }
                segmentStart = i + 1;
            } else if (!allowed(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(raw);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    /** The MAC of an mTLS bootstrap path ({@code /bootstrap/<mac>.xml}), whose body crypto-service holds. */
    public static Optional<String> mtlsBootstrapMac(String path) {
        // Asked of every request; nearly all are chain paths, which the prefix tells apart without a matcher.
        if (!path.startsWith("/bootstrap/")) {
            return Optional.empty();
        }
        Matcher m = MTLS_BOOTSTRAP.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The MAC a bootstrap path names, if it names one; reported with a denial. */
    public static String claimedMac(String path) {
        Matcher m = CLAIMED_MAC.matcher(path);
        return m.matches() ? m.group(1) : null;
    }
}
