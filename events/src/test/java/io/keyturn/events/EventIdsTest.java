package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void areVersionSevenWithTheirMillisecondFirst() {
        long at = 1_795_000_000_123L;
        UUID id = EventIds.at(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at);
        assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void sortByTheirMillisecondAcrossMilliseconds() {
        // UUID.compareTo compares the signed halves; PostgreSQL's uuid order is the unsigned bytes, as the string is.
        for (long ms = 1_795_000_000_000L; ms < 1_795_000_000_000L + 2_000; ms++) {
            assertThat(EventIds.at(ms).toString()).isLessThan(EventIds.at(ms + 1).toString());
        }
    }

    @Test
    void doNotRepeatWithinOneMillisecond() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(seen.add(EventIds.at(1_795_000_000_000L))).isTrue();
        }
    }

    @Test
    void newEventsGetThem() {
        CloudEvent<?> e = CloudEvent.of(Sources.REGISTRY_SERVICE,
                new io.keyturn.events.device.DeviceDecommissioned("000e08aabbcc", 2, "alice", "test",
                        java.time.Instant.parse("2026-11-27T20:00:00Z")), java.time.Clock.systemUTC());
        assertThat(e.id().version()).isEqualTo(7);
    }
}
