package io.keyturn.crypto;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.sealing.SealingKeyPair;
import io.keyturn.sealing.SealingPublicKey;
import io.keyturn.sealing.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the other services would send crypto-service, built for one test device at a time. */
final class Fleet {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fleet() {
    }

    static String newMac() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return "02" + HexFormat.of().formatHex(b);
    }

    static SealingPublicKey sealingKey() {
        return SealingKeyPair.fromPem(ConfigProvider.getConfig().getValue("keyturn.crypto.staging-seal.key", String.class))
                .publicKey();
    }

    static SealedSecret seal(String secret, String context) {
        return SecretSealer.seal(sealingKey(), secret.getBytes(StandardCharsets.US_ASCII), context);
    }

    static <T extends EventData> CloudEvent<T> event(String source, T data) {
        return CloudEvent.of(UUID.randomUUID(), source, Instant.now(), data);
    }

    /** A staging-key SPA962 with a secret SIP password; returns the registration event. */
    static CloudEvent<DeviceRegistered> registered(String mac, String stagingKey) {
        return event(Sources.REGISTRY_SERVICE, new DeviceRegistered(mac, 1, "SPA962", "962", null, "region/north",
                null, BootstrapMode.STAGING_KEY, seal(stagingKey, "keyturn/staging-key/v1/" + mac),
                Map.of("Display_Name_1_", "Alice"),
                Map.of("Password_1_", seal("sip-pass-" + mac, "keyturn/param/v1/" + mac + "/Password_1_")),
                List.of(), Instant.now()));
    }

    static CloudEvent<DeviceRegistered> registeredMtls(String mac) {
        return event(Sources.REGISTRY_SERVICE, new DeviceRegistered(mac, 1, "SPA962", "962", null, "region/south",
                null, BootstrapMode.MTLS, null, Map.of(), Map.of(), List.of(), Instant.now()));
    }

    static CloudEvent<DeviceRegistered> registeredSpcTarget(String mac) {
        return event(Sources.REGISTRY_SERVICE, new DeviceRegistered(mac, 1, "SPA962", "962", null, "region/west",
                null, BootstrapMode.SPC_TARGET, null, Map.of("Display_Name_1_", "Bob"), Map.of(), List.of(),
                Instant.now()));
    }

    static CloudEvent<RotationRequested> rotation(String mac, Long from) {
        return event(Sources.ROTATION_SCHEDULER, new RotationRequested(mac, from, RotationCause.MANUAL, "it", null,
                Instant.now()));
    }

    static CloudEvent<DeliveryFetched> fetched(String mac, String path, long generation) {
        return event(Sources.DELIVERY_SERVICE, new DeliveryFetched(path, ProfileKind.CHAIN, mac, generation,
                DeliveryProtocol.HTTP, "192.0.2.10", "Linksys/SPA962-6.1.5", FetchResult.COMPLETED, 1024, 5,
                Instant.now()));
    }

    static String stagingKey() {
        return ProfileKeys.newKey().reveal();
    }

    /** The published file, decrypted with {@code key} by the openssl CLI when present, and parsed. */
    static FlatProfile open(ProfilePublished file, String key) {
        return FlatProfileXml.parse(OpenSsl.decrypt(file.contentBytes(), key));
    }
}
