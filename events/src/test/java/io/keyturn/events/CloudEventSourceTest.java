package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The source check is a loop for speed; it accepts exactly what the rule's regular expression accepts. */
class CloudEventSourceTest {

    private static final Pattern SOURCE = Pattern.compile("/keyturn/[a-z0-9][a-z0-9-]{0,62}");

    @Test
    void sourcesAsTheRegexDefinesThem() {
        for (String s : List.of(Sources.DELIVERY_SERVICE, "/keyturn/", "/keyturn/-a", "/keyturn/a-", "/keyturn/A",
                "/keyturn/a/b", "keyturn/a", "/keyturn/" + "a".repeat(63), "/keyturn/" + "a".repeat(64),
                "/keyturnx/a", "/keyturn/9")) {
            assertThat(CloudEvent.isSource(s)).as(s).isEqualTo(SOURCE.matcher(s).matches());
        }
        SplittableRandom random = new SplittableRandom(3);
        String alphabet = "az09-A/_";
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(70);
            StringBuilder b = new StringBuilder("/keyturn/");
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertThat(CloudEvent.isSource(s)).as(s).isEqualTo(SOURCE.matcher(s).matches());
        }
    }
}
