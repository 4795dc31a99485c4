package io.keyturn.delivery.tftp;

import java.util.Optional;

/**
 * Turns the file name of a read request into the path a {@link TftpFileSource} is asked for, or
 * refuses it. SPA devices ask for {@code /spa962.cfg} while command-line clients often send
 * {@code spa962.cfg}; both mean the same file (spa-protocol.md §1.3), so the leading slash is
 * optional and the result always has one.
 */
final class RequestPath {

    /** Longer names are refused; real profile paths are under 100 characters. */
    static final int MAX_LENGTH = 1024;

    private RequestPath() {
    }

    /**
     * The normalised path ({@code /a/b}), or empty if the name is unsafe: a {@code ..} segment, a
     * backslash (a Windows separator some servers honour), a control character or non-ASCII byte
     * (the codec refuses those earlier; checked again so this class stands alone), or nothing
     * left after normalisation. Empty and {@code .} segments are dropped, so {@code //a/./b}
     * is {@code /a/b}. Case is kept: paths hold case-sensitive random directories.
     */
    static Optional<String> normalise(String requested) {
        if (requested.isEmpty() || requested.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder(requested.length() + 1);
        int start = 0;
        int n = requested.length();
        while (start <= n) {
            int slash = requested.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            if (end > start) {
                String segment = requested.substring(start, end);
                if (segment.equals("..")) {
                    return Optional.empty();
                }
                if (!segment.equals(".")) {
                    for (int i = 0; i < segment.length(); i++) {
                        char c = segment.charAt(i);
                        if (c < 0x20 || c > 0x7e || c == '\\') {
                            return Optional.empty();
                        }
                    }
                    path.append('/').append(segment);
                }
            }
            start = end + 1;
        }
        return path.length() == 0 ? Optional.empty() : Optional.of(path.toString());
    }
}
