package io.keyturn.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.EventContractException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The served-path and IPv4 checks are loops for speed; they must accept exactly what the rules' regular expressions
 * (as they were written before) accept. Edge cases first, then a quarter of a million generated strings of the
 * characters that matter.
 */
class ChecksLoopTest {

    private static final Pattern SERVED_PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Test
    void ipv4AsTheRegexDefinesIt() {
        for (String s : List.of("0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.",
                "1.2.3.4.5", "1..2.3", ".1.2.3", "192.0.2.10", "1.2.3.04", "1.2.3.40", "1.2.3.400", "1.2.3.2555",
                "", "1.2.3.a", "00.0.0.0", "249.250.199.100", " 1.2.3.4")) {
            assertThat(Checks.isIpv4Literal(s)).as(s).isEqualTo(IPV4.matcher(s).matches());
        }
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0123456789....a";
        for (int i = 0; i < 250_000; i++) {
            String s = generate(random, alphabet, 16);
            assertThat(Checks.isIpv4Literal(s)).as(s).isEqualTo(IPV4.matcher(s).matches());
        }
    }

    @Test
    void servedPathsAsTheRegexAndTheSegmentRuleDefineThem() {
        for (String s : List.of("/", "//", "/a", "/a/", "/a//b", "/.", "/..", "/...", "/a/./b", "/a/../b", "/.a",
                "/a.", "/profile/AbC_d-e.9/spa962.cfg", "a/b", "/a b", "/a%2e", "/a\\b", "/ä")) {
            assertThat(accepted(s)).as(s).isEqualTo(regexAccepts(s));
        }
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "//..aZ9_-%";
        for (int i = 0; i < 250_000; i++) {
            String s = "/" + generate(random, alphabet, 10);
            assertThat(accepted(s)).as(s).isEqualTo(regexAccepts(s));
        }
    }

    private static boolean accepted(String path) {
        try {
            Checks.servedPath("path", path);
            return true;
        } catch (EventContractException e) {
            return false;
        }
    }

    /** The rule as it was: the regular expression, then no {@code .} or {@code ..} segment. */
    private static boolean regexAccepts(String path) {
        if (!SERVED_PATH.matcher(path).matches()) {
            return false;
        }
        for (String segment : path.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String generate(SplittableRandom random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
