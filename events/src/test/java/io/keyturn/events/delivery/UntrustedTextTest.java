package io.keyturn.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.ContentMode;
import io.keyturn.events.Sources;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client text (paths, User-Agents) is arbitrary. Whatever a client sends, the denial that reports
 * it is printable, bounded, stable under cleaning, and survives Kafka in both modes unchanged.
 * Seeded: {@code -Dkeyturn.seed=N} replays another run.
 */
class UntrustedTextTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    /** Code points chosen to hit every branch: controls, format marks, surrogates, astral, separators. */
    private static final int[] ALPHABET = {'a', 'Z', '/', '.', ' ', '%', '\\', '\0', '\t', '\n', '\r', 0x1b, 0x7f, 0x85,
        0xad, 0x200b, 0x200e, 0x202e, 0x2028, 0x2029, 0xfeff, 0xd800, 0xdc00, 0xe000, 0xfffd, 0x1f600, 0x10ffff, 'é'};

    static Stream<Arguments> hostileText() {
        Random random = new Random(SEED);
        return IntStream.range(0, 500).mapToObj(i -> Arguments.of(i, randomText(random), randomText(random)));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("hostileText")
    void aDenialOfAnyRequestIsPrintableBoundedAndSurvivesKafka(int index, String path, String userAgent) {
        DeliveryDenied denied = new DeliveryDenied(path.isEmpty() ? "/" : path, null, DeliveryProtocol.HTTP,
                "192.0.2.1", userAgent, DenialReason.MALFORMED_REQUEST, null, Instant.EPOCH);
        String replay = "seed " + SEED + " case " + index;

        assertThat(denied.path().length()).as(replay).isLessThanOrEqualTo(512);
        assertThat(denied.userAgent().length()).as(replay).isLessThanOrEqualTo(256);
        assertThat(printable(denied.path()) && printable(denied.userAgent())).as(replay).isTrue();
        DeliveryDenied again = new DeliveryDenied(denied.path(), null, DeliveryProtocol.HTTP, "192.0.2.1",
                denied.userAgent(), DenialReason.MALFORMED_REQUEST, null, Instant.EPOCH);
        assertThat(again).as(replay + ": cleaning is idempotent").isEqualTo(denied);
        CloudEvent<DeliveryDenied> event = CloudEvent.of(UUID.randomUUID(), Sources.DELIVERY_SERVICE, Instant.EPOCH, denied);
        for (ContentMode mode : ContentMode.values()) {
            assertThat(CODEC.decode(CODEC.encode(event, mode))).as(replay + " " + mode).isEqualTo(event);
        }
    }

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(10) == 0 ? 300 + random.nextInt(400) : random.nextInt(40);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
