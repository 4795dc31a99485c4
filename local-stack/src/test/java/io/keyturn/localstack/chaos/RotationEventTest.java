package io.keyturn.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RotationEventTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAStructuredRotationEvent() {
        byte[] value = utf8("{\"specversion\":\"1.0\",\"id\":\"6f1c\",\"type\":\"keyturn.rotation.issued\","
                + "\"subject\":\"000e08aabbcc\",\"data\":{\"mac\":\"000e08aabbcc\",\"generation\":3,"
                + "\"campaignId\":\"cmp-1\",\"keyFingerprint\":\"sha256:ab12\"}}");

        assertThat(RotationEvent.parse(Map.of("content-type", utf8("application/cloudevents+json")), value))
                .contains(new RotationEvent("6f1c", "issued", "000e08aabbcc", 3, "cmp-1", "sha256:ab12"));
    }

    @Test
    void readsABinaryModeRotationEvent() {
        byte[] data = utf8("{\"mac\":\"000e08aabbcc\",\"fromGeneration\":2,\"cause\":\"campaign\",\"campaignId\":\"c\"}");

        assertThat(RotationEvent.parse(Map.of("ce_id", utf8("77"), "ce_type", utf8("keyturn.rotation.requested")), data))
                .contains(new RotationEvent("77", "requested", "000e08aabbcc", 0, "c", null));
    }

    @Test
    void ignoresEventsOfOtherTypes() {
        byte[] value = utf8("{\"id\":\"1\",\"type\":\"keyturn.delivery.fetched\",\"data\":{\"mac\":\"000e08aabbcc\"}}");

        assertThat(RotationEvent.parse(Map.of(), value)).isEmpty();
    }

    @Test
    void refusesARecordThatIsNotACloudEvent() {
        assertThatThrownBy(() -> RotationEvent.parse(Map.of(), utf8("not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a record whose value is not JSON");
        assertThatThrownBy(() -> RotationEvent.parse(Map.of(), utf8("{\"type\":\"keyturn.rotation.issued\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a record that is not a CloudEvent (no id, type or data)");
        assertThatThrownBy(() -> RotationEvent.parse(Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a record without a value");
    }
}
