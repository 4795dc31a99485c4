package io.keyturn.scheduler.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.profile.ProfileKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order a batch is applied in: by device, so concurrent batches lock device rows the same way round. */
class FleetEventLockOrderTest {

    private static CloudEvent<?> fetched(String mac, long second) {
        Instant at = Instant.parse("2026-11-26T10:00:00Z").plusSeconds(second);
        return CloudEvent.of(UUID.randomUUID(), Sources.DELIVERY_SERVICE, at, new DeliveryFetched("/profile/d" + mac
                + "/spa962.cfg", ProfileKind.CHAIN, mac, 3L, DeliveryProtocol.TFTP, "192.0.2.7", null,
                FetchResult.COMPLETED, 100, 1, at));
    }

    private static CloudEvent<?> registered(String mac, long version) {
        return CloudEvent.of(UUID.randomUUID(), Sources.REGISTRY_SERVICE, Instant.parse("2026-11-26T10:00:00Z"),
                new DeviceRegistered(mac, version, "SPA962", "962", null, "region/north", null, BootstrapMode.STAGING_KEY,
                        null, java.util.Map.of(), java.util.Map.of(), List.of(), Instant.parse("2026-11-26T10:00:00Z")));
    }

    @Test
    void aBatchIsAppliedByDeviceAndEachDeviceKeepsItsOrder() {
        List<CloudEvent<?>> batch = List.of(registered("00000000000c", 1), registered("00000000000a", 2),
                registered("00000000000c", 3), registered("00000000000b", 4), registered("00000000000a", 5));

        List<CloudEvent<?>> ordered = FleetEventHandler.inLockOrder(batch);

        assertThat(ordered).extracting(CloudEvent::subject)
                .containsExactly("00000000000a", "00000000000a", "00000000000b", "00000000000c", "00000000000c");
        assertThat(ordered).containsExactly(batch.get(1), batch.get(4), batch.get(3), batch.get(0), batch.get(2));
        assertThat(batch).as("the consumer's list is left as it came").extracting(CloudEvent::subject)
                .startsWith("00000000000c", "00000000000a");
    }

    @Test
    void eachDevicesFetchesFoldIntoItsLatest() {
        CloudEvent<?> aLate = fetched("00000000000a", 9);
        CloudEvent<?> cLate = fetched("00000000000c", 7);
        List<CloudEvent<?>> batch = List.of(fetched("00000000000c", 1), aLate, fetched("00000000000a", 2), cLate,
                fetched("00000000000b", 4), fetched("00000000000a", 5), fetched("00000000000c", 7));

        List<CloudEvent<?>> ordered = FleetEventHandler.inLockOrder(batch);

        assertThat(ordered).extracting(CloudEvent::subject).containsExactly("00000000000a", "00000000000b",
                "00000000000c");
        assertThat(ordered.get(0)).as("a's latest fetch, though it came second").isSameAs(aLate);
        assertThat(ordered.get(2)).as("c's first fetch at its latest time").isSameAs(cLate);
    }
}
