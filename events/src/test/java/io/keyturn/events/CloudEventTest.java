package io.keyturn.events;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.rotation.RotationConfirmed;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CloudEventTest {

    private final RotationConfirmed data = (RotationConfirmed) GoldenEvents.all().get(EventTypes.ROTATION_CONFIRMED).data();

    @Test
    void derivesTypeSchemaSubjectAndTopicFromItsData() {
        CloudEvent<RotationConfirmed> event = CloudEvent.of(Sources.DELIVERY_SERVICE, data,
                Clock.fixed(Instant.parse("2026-11-26T10:07:41Z"), ZoneOffset.UTC));
        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.type()).isEqualTo("keyturn.rotation.confirmed");
        assertThat(event.dataschema()).isEqualTo(URI.create("https://keyturn.io/schemas/rotation.confirmed/v1"));
        assertThat(event.datacontenttype()).isEqualTo("application/json");
        assertThat(event.subject()).isEqualTo("000e08aabbcc");
        assertThat(event.topic()).isEqualTo("keyturn.rotations");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-26T10:07:41Z"));
        assertThat(event.extensions()).isEmpty();
    }

    @Test
    void givesEveryNewEventItsOwnId() {
        Clock clock = Clock.systemUTC();
        assertThat(CloudEvent.of(Sources.DELIVERY_SERVICE, data, clock).id())
                .isNotEqualTo(CloudEvent.of(Sources.DELIVERY_SERVICE, data, clock).id());
    }

    @Test
    void refusesMissingAttributesAndForeignSources() {
        UUID id = UUID.randomUUID();
        assertInvalid(() -> CloudEvent.of(null, Sources.DELIVERY_SERVICE, Instant.EPOCH, data), "id is required");
        assertInvalid(() -> CloudEvent.of(id, "/elsewhere/delivery", Instant.EPOCH, data),
                "source must be /keyturn/<service> in lowercase letters, digits and -");
        assertInvalid(() -> CloudEvent.of(id, Sources.DELIVERY_SERVICE, null, data), "time is required");
        assertInvalid(() -> CloudEvent.of(id, Sources.DELIVERY_SERVICE, Instant.EPOCH, null), "data is required");
    }

    @Test
    void refusesExtensionsThatShadowSpecAttributesOrBreakNaming() {
        CloudEvent<RotationConfirmed> event = CloudEvent.of(Sources.DELIVERY_SERVICE, data, Clock.systemUTC());
        String rule = "extensions names must be 1 to 20 lowercase letters or digits, other than the spec's attributes";
        assertInvalid(() -> event.withExtension("type", "x"), rule);
        assertInvalid(() -> event.withExtension("TraceParent", "x"), rule);
        assertInvalid(() -> event.withExtension("trace_parent", "x"), rule);
        assertInvalid(() -> event.withExtension("traceparent", "line\nbreak"),
                "extension traceparent must not contain control or format characters");
    }

    @Test
    void keepsExtensionsImmutableAndSorted() {
        CloudEvent<RotationConfirmed> event = new CloudEvent<>(UUID.randomUUID(), Sources.DELIVERY_SERVICE, Instant.EPOCH,
                data, Map.of("zeta", "1", "alpha", "2"));
        assertThat(event.extensions().keySet()).containsExactly("alpha", "zeta");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> event.extensions().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsTheEnvelopeAndTheSafeDataSummary() {
        CloudEvent<?> published = GoldenEvents.all().get(EventTypes.PROFILE_PUBLISHED);
        assertThat(published.toString())
                .contains("type=keyturn.profile.published", "subject=000e08aabbcc", "content=176 bytes sha256:")
                .doesNotContain(GoldenEvents.CHAIN_CONTENT.substring(0, 24));
    }
}
