package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private final ObjectMapper json = EventJson.newObjectMapper();

    @Test
    void writesTimesAsUtcIsoStringsWithTheirPrecision() throws Exception {
        assertThat(json.writeValueAsString(Instant.parse("2026-11-26T10:15:30Z"))).isEqualTo("\"2026-11-26T10:15:30Z\"");
        assertThat(json.writeValueAsString(Instant.parse("2026-11-26T10:15:30.123456Z")))
                .isEqualTo("\"2026-11-26T10:15:30.123456Z\"");
    }

    @Test
    void readsTimesWithAnOffsetButNotWithout() throws Exception {
        assertThat(json.readValue("\"2026-11-26T12:15:30+02:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
        assertThatThrownBy(() -> json.readValue("\"2026-11-26T10:15:30\"", Instant.class))
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> json.readValue("1764152130", Instant.class)).isNotNull();
    }

    @Test
    void leavesAbsentOptionalFieldsOutInsteadOfWritingNull() {
        RotationFailed minimal = new RotationFailed(GoldenEvents.MAC, null, null, null,
                RotationFailureReason.DEVICE_UNKNOWN, null, null, Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(json.valueToTree(minimal).toString())
                .isEqualTo("{\"mac\":\"000e08aabbcc\",\"reason\":\"device-unknown\",\"failedAt\":\"2026-11-26T10:15:30Z\"}");
    }

    @Test
    void readsExplicitNullAsAbsent() throws Exception {
        String withNull = "{\"mac\":\"000e08aabbcc\",\"generation\":8,\"campaignId\":null,"
                + "\"keyFingerprint\":\"" + GoldenEvents.FP8.value() + "\",\"confirmedAt\":\"2026-11-26T10:07:41Z\"}";
        assertThat(json.readValue(withNull, RotationConfirmed.class).campaignId()).isNull();
    }

    @Test
    void writesMapEntriesSortedByName() {
        var registered = GoldenEvents.all().get(EventTypes.DEVICE_REGISTERED).data();
        String params = json.valueToTree(registered).get("params").toString();
        assertThat(params).isEqualTo(
                "{\"Display_Name_1_\":\"Reception\",\"Proxy_1_\":\"sip.acme-telecom.example\",\"User_ID_1_\":\"4420\"}");
    }

    @Test
    void registersOnAForeignMapperTheSameTimeFormat() throws Exception {
        ObjectMapper foreign = new ObjectMapper().registerModule(EventJson.module());
        assertThat(foreign.writeValueAsString(Map.of("t", Instant.parse("2026-11-26T10:15:30Z"))))
                .isEqualTo("{\"t\":\"2026-11-26T10:15:30Z\"}");
    }

    @Test
    void eachCallGetsItsOwnMapper() {
        assertThat(EventJson.newObjectMapper()).isNotSameAs(EventJson.newObjectMapper());
    }
}
