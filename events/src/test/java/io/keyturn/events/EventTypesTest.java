package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.rotation.RotationConfirmed;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void listsTheTypesOfDesignSection4OnTheirTopics() {
        assertThat(EventTypes.onTopic(Topics.DEVICES)).extracting(EventType::type).containsExactly(
                "keyturn.device.registered", "keyturn.device.updated", "keyturn.device.decommissioned",
                "keyturn.template.published");
        assertThat(EventTypes.onTopic(Topics.ROTATIONS)).extracting(EventType::type).containsExactly(
                "keyturn.rotation.requested", "keyturn.rotation.issued", "keyturn.rotation.published",
                "keyturn.rotation.confirmed", "keyturn.rotation.retired", "keyturn.rotation.failed");
        assertThat(EventTypes.onTopic(Topics.PROFILES)).extracting(EventType::type).containsExactly(
                "keyturn.profile.published", "keyturn.profile.withdrawn");
        assertThat(EventTypes.onTopic(Topics.DELIVERIES)).extracting(EventType::type).containsExactly(
                "keyturn.delivery.fetched", "keyturn.delivery.denied", "keyturn.delivery.retired-path-hit",
                "keyturn.delivery.certificate-expiring");
        assertThat(EventTypes.all()).hasSize(16);
        assertThat(EventTypes.onTopic("keyturn.elsewhere")).isEmpty();
    }

    @Test
    void namesEachPayloadRecordAfterItsAggregateAndPastTense() {
        for (EventType<?> type : EventTypes.all()) {
            String[] parts = type.type().split("\\.");
            String expected = capitalise(parts[1]) + camel(parts[2]);
            assertThat(type.dataClass().getSimpleName()).isEqualTo(expected);
            assertThat(type.dataClass().getPackageName()).isEqualTo("io.keyturn.events." + parts[1]);
            assertThat(type.dataClass().isRecord()).isTrue();
        }
    }

    @Test
    void buildsVersionedSchemaUris() {
        assertThat(EventTypes.ROTATION_CONFIRMED.dataschema())
                .isEqualTo(URI.create("https://keyturn.io/schemas/rotation.confirmed/v1"));
        assertThat(EventTypes.DELIVERY_RETIRED_PATH_HIT.schemaResource())
                .isEqualTo("/schemas/keyturn.delivery.retired-path-hit/v1.json");
    }

    @Test
    void findsATypeOnlyWithItsOwnSchema() {
        assertThat(EventTypes.find("keyturn.rotation.confirmed", URI.create("https://keyturn.io/schemas/rotation.confirmed/v1")))
                .contains(EventTypes.ROTATION_CONFIRMED);
        assertThat(EventTypes.find("keyturn.rotation.confirmed", URI.create("https://keyturn.io/schemas/rotation.issued/v1")))
                .isEmpty();
        assertThat(EventTypes.isKnown("keyturn.rotation.confirmed")).isTrue();
        assertThat(EventTypes.isKnown("keyturn.rotation.teleported")).isFalse();
    }

    @Test
    void givesProducersTheEntryOfTheirPayload() {
        EventType<RotationConfirmed> type = EventTypes.of(RotationConfirmed.class);
        assertThat(type).isSameAs(EventTypes.ROTATION_CONFIRMED);
    }

    @Test
    void refusesAClassThatIsNotAPayload() {
        record Stranger(String mac) implements EventData {
            @Override
            public String subject() {
                return mac;
            }
        }
        assertThatThrownBy(() -> EventTypes.of(Stranger.class))
                .isInstanceOfSatisfying(EventContractException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventContractException.Reason.UNKNOWN_TYPE))
                .hasMessageContaining("is not a registered event payload");
        assertThatThrownBy(() -> CloudEvent.of(Sources.CRYPTO_SERVICE, new Stranger("000e08aabbcc"), java.time.Clock.systemUTC()))
                .isInstanceOf(EventContractException.class);
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String word : kebab.split("-")) {
            out.append(capitalise(word));
        }
        return out.toString();
    }
}
