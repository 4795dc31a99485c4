package io.keyturn.console;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.rotation.RotationConfirmed;
import java.time.Instant;
import java.util.UUID;

/** Events as the services emit them, for the console's tests. */
final class Events {

    static final KeyFingerprint FP = KeyFingerprint.of("a key that never appears".toCharArray());

    private Events() {
    }

    static CloudEvent<?> of(String source, EventData data, Instant at) {
        return CloudEvent.of(UUID.randomUUID(), source, at, data);
    }

    static CloudEvent<?> fetched(String mac, DeliveryProtocol protocol, Instant at) {
        return of("/keyturn/delivery-service", new DeliveryFetched("/profile/d1r3ct0ry/spa962.cfg", ProfileKind.CHAIN, mac,
                2L, protocol, "192.0.2.7", "Cisco/SPA962-6.1.5(a) (88012BA00001)", FetchResult.COMPLETED, 1024, 12, at), at);
    }

    static CloudEvent<?> denied(String mac, DenialReason reason, String source, Instant at) {
        return of("/keyturn/delivery-service", new DeliveryDenied("/bootstrap/spa" + mac + ".cfg", mac, DeliveryProtocol.HTTP,
                source, "curl/8", reason, null, at), at);
    }

    static CloudEvent<?> retiredHit(String mac, Instant at) {
        return of("/keyturn/delivery-service", new DeliveryRetiredPathHit("/profile/old0ld/spa962.cfg", mac, 1,
                DeliveryProtocol.TFTP, "192.0.2.9", null, at), at);
    }

    static CloudEvent<?> confirmed(String mac, long generation, String campaign, Instant at) {
        return of("/keyturn/crypto-service", new RotationConfirmed(mac, generation, campaign, FP, at), at);
    }
}
