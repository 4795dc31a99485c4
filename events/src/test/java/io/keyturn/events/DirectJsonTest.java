package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The payloads that write their own JSON write what Jackson's bean serializer writes for them under the contract's
 * rules, byte for byte: left-out absent fields, component order, escaped client text, the instants' text.
 */
class DirectJsonTest {

    /** Jackson knows nothing of DirectJson: this mapper is the bean serializer the hand-written code must match. */
    private final ObjectMapper beanSerializer = EventJson.newObjectMapper();
    private final CloudEventCodec codec = new CloudEventCodec();
    private final SplittableRandom random = new SplittableRandom(42);

    private static final String[] ADDRESSES = {"192.0.2.17", "10.0.0.1", "2001:db8::42", "::1"};
    private static final String[] CLIENT_TEXT = {"Cisco/SPA962-6.1.5(a) (000E08AABBCC)(CBT141100HR)",
        "quote \" backslash \\ slash /", "tab\there\u0001bell\u0007 newline\n", "ümlaut κλειδί 鍵 🔑",
        "</script><script>alert(1)</script>", "x".repeat(300), ""};

    @Test
    void theHandWrittenPayloadsAreTheOnesTested() {
        List<Class<?>> direct = EventTypes.all().stream().<Class<?>>map(EventType::dataClass)
                .filter(DirectJson.class::isAssignableFrom).toList();
        assertThat(direct).containsExactlyInAnyOrder(DeliveryFetched.class, DeliveryDenied.class);
    }

    @Test
    void deliveryFetchedWritesWhatTheBeanSerializerWrites() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            ProfileKind kind = pick(ProfileKind.values());
            boolean stage0 = kind == ProfileKind.STAGE0;
            String mac = stage0 && random.nextBoolean() ? null : String.format("%012x", random.nextLong() >>> 16);
            assertSame(new DeliveryFetched("/profile/" + Long.toString(random.nextLong() >>> 1, 36) + "/spa962.cfg",
                    kind, mac, stage0 ? null : 1 + random.nextLong(Long.MAX_VALUE - 1), pick(DeliveryProtocol.values()),
                    pick(ADDRESSES), random.nextInt(3) == 0 ? null : pick(CLIENT_TEXT), pick(FetchResult.values()),
                    random.nextLong(Long.MAX_VALUE), random.nextInt(3) == 0 ? 0 : random.nextLong(1 << 20), instant()),
                    DeliveryFetched::fetchedAt);
        }
    }

    @Test
    void deliveryDeniedWritesWhatTheBeanSerializerWrites() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            assertSame(new DeliveryDenied(random.nextInt(4) == 0 ? pick(CLIENT_TEXT) + "/" : "/cfg/../" + i,
                    random.nextBoolean() ? null : String.format("%012x", random.nextLong() >>> 16),
                    pick(DeliveryProtocol.values()), pick(ADDRESSES), random.nextInt(3) == 0 ? null : pick(CLIENT_TEXT),
                    pick(DenialReason.values()), random.nextBoolean() ? null : "more than 20 misses from this source",
                    instant()), DeliveryDenied::deniedAt);
        }
    }

    private <T extends EventData> void assertSame(T data, Function<T, Instant> at) throws Exception {
        // As bytes, as the codec writes them: the byte generator escapes a surrogate pair, the text one does not.
        String expected = new String(beanSerializer.writeValueAsBytes(data), StandardCharsets.UTF_8);
        // Binary mode: the record's value is the payload alone.
        String binary = new String(codec.encode(CloudEvent.of(EventIds.next(), Sources.DELIVERY_SERVICE, at.apply(data),
                data), ContentMode.BINARY).valueBytes(), StandardCharsets.UTF_8);
        assertThat(binary).isEqualTo(expected);
        // Structured mode: the payload inside the envelope, and the whole reads back as the same payload.
        CloudEvent<T> event = CloudEvent.of(EventIds.next(), Sources.DELIVERY_SERVICE, at.apply(data), data);
        byte[] json = codec.toJson(event);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"data\":" + expected + "}");
        assertThat(codec.fromJson(json).data()).isEqualTo(data);
        // Written without a generator when nothing needs escaping: the same bytes as the generator's.
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(new String(codec.generatedJson(event), StandardCharsets.UTF_8));
        CloudEvent<T> traced = new CloudEvent<>(event.id(), event.source(), event.time(), data,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(new String(codec.toJson(traced), StandardCharsets.UTF_8))
                .isEqualTo(new String(codec.generatedJson(traced), StandardCharsets.UTF_8));
    }

    private Instant instant() {
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), nano);
    }

    private <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }
}
