package io.keyturn.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.scheduler.messaging.FleetEventHandler;
import io.keyturn.scheduler.persistence.DeviceRepository;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A poll of fleet events applied as one batch: every device and rotation event is marked in the inbox once, a fetch
 * not at all, and the read model shows each event's effect; the same poll delivered again changes neither. (That the
 * marks take one statement is not observable here; the effects are idempotent, so a second application would not be
 * either: the inbox marks are what this checks.)
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class FleetEventBatchIT {

    @Inject
    FleetEventHandler handler;
    @Inject
    DeviceRepository devices;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPollIsMarkedOnceAndEachEventAppliedOnceAlsoWhenRepeatedOrRedelivered() throws Exception {
        Clock clock = Clock.systemUTC();
        String mac = Fleet.newMac();
        CloudEvent<DeviceRegistered> registered = CloudEvent.of(Sources.REGISTRY_SERVICE, new DeviceRegistered(mac, 1,
                "SPA962", "962", null, "it/batch", null, BootstrapMode.STAGING_KEY, null, Map.of(), Map.of(),
                List.of(), clock.instant()), clock);
        CloudEvent<RotationIssued> issued = CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationIssued(mac, 2, null,
                Fleet.fingerprint(mac, 2), UUID.randomUUID(), clock.instant()), clock);
        CloudEvent<RotationPublished> published = CloudEvent.of(Sources.CRYPTO_SERVICE, new RotationPublished(mac, 2,
                null, Fleet.fingerprint(mac, 2), clock.instant()), clock);
        CloudEvent<DeliveryFetched> fetched = CloudEvent.of(Sources.DELIVERY_SERVICE, new DeliveryFetched(
                "/profile/d" + mac + "/spa962.cfg", ProfileKind.CHAIN, mac, 1L, DeliveryProtocol.HTTP, "192.0.2.10",
                "Cisco/SPA962", FetchResult.COMPLETED, 100, 3, clock.instant().truncatedTo(ChronoUnit.MILLIS)), clock);
        List<CloudEvent<?>> poll = List.of(registered, issued, issued, published, fetched);

        handler.handleAll(poll);

        DeviceRepository.DeviceRow row = QuarkusTransaction.requiringNew().call(() -> devices.find(mac)).orElseThrow();
        assertThat(row.group()).isEqualTo("it/batch");
        assertThat(row.generation()).isEqualTo(2L);
        assertThat(row.lastSeenAt()).isEqualTo(fetched.data().fetchedAt());
        assertThat(marks(registered.id(), issued.id(), published.id(), fetched.id()))
                .as("each device and rotation event marked once; the fetch not at all").isEqualTo(3);

        handler.handleAll(poll);

        assertThat(QuarkusTransaction.requiringNew().call(() -> devices.find(mac)).orElseThrow()).isEqualTo(row);
        assertThat(marks(registered.id(), issued.id(), published.id(), fetched.id())).isEqualTo(3);
    }

    private long marks(UUID... ids) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ANY (?)")) {
            ps.setString(1, "rotation-scheduler.fleet-events");
            ps.setArray(2, c.createArrayOf("uuid", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
