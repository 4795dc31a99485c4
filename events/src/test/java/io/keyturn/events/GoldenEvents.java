package io.keyturn.events;

import io.keyturn.events.delivery.DeliveryCertificateExpiring;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.events.template.TemplateScope;
import io.keyturn.events.rotation.RotationRetired;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fixed events the golden files in {@code src/test/resources/events/} describe, written out
 * field by field (not read from the files), so that the producer and consumer tests compare two
 * independent descriptions of each event.
 */
final class GoldenEvents {

    static final String MAC = "000e08aabbcc";
    static final String CAMPAIGN = "cmp-2026-11-north";
    /** Fingerprint of the demo passphrase of generation 7 (see KeyFingerprintTest). */
    static final KeyFingerprint FP7 =
            new KeyFingerprint("sha256:aa675736027089dee7e6c7b18596ba4745f40b8c43066ce7324a6302fc358374");
    static final KeyFingerprint FP8 =
            new KeyFingerprint("sha256:6bdf8983398f0c771b07409ea730fa58dd1f4a6b4177f24f41e8f0fb370ee05a");
    static final String CHAIN_PATH = "/profile/Qm9xR2d3c1ZtYjhLcFdYeA/spa962.cfg";
    /**
     * A real chain file: {@code <flat-profile>} with generation 8's key, encrypted with generation
     * 7's demo passphrase by {@code openssl enc -aes-256-cbc -md md5 -S 0011223344556677}.
     */
    static final String CHAIN_CONTENT = "U2FsdGVkX18AESIzRFVmd44AEc5PX9VXEwCOHDpt1090DjRc+pu3QLXGX7Hcg/JuIJRCgoRJun7r"
            + "oAkJ3tw0KH4998IevJBZUZpeUHQUdnyhOmV4xWD0YpR9dVAOrCS9VGvYHJcTGb1ekElK56q9Mr3hzyLCao/0oTxRda9fUBB"
            + "hNXWO+y/Ar3PJ2QcusAvfSpZLCyR97H2HWYV/93gL3uoq6diEhaOXGmhhDNjMP6c=";
    static final String CHAIN_SHA256 = "f102bc58170447fc68ca3b18f18a5eabe6336ec7344003e7e681d2ae81ab385d";

    static final SealedSecret STAGING_KEY = new SealedSecret("hpke-x25519-sha256-aes256gcm", "crypto-2026-11",
            "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRkdISUpLTE1OT1A=");
    static final SealedSecret SIP_PASSWORD = new SealedSecret("hpke-x25519-sha256-aes256gcm", "crypto-2026-11",
            "AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyuQ==");
    static final Map<String, String> PARAMS = Map.of(
            "Display_Name_1_", "Reception", "Proxy_1_", "sip.acme-telecom.example", "User_ID_1_", "4420");
    static final List<TemplateRef> TEMPLATES =
            List.of(new TemplateRef("spa9xx-base", 3), new TemplateRef("region/north", 12));

    static final String TEMPLATE_XML = "<flat-profile><Proxy_1_>sip.north.acme-telecom.example</Proxy_1_>"
            + "<Resync_Periodic>3600</Resync_Periodic></flat-profile>";

    private GoldenEvents() {
    }

    /** One fixed event per registered type, in registry order. */
    static Map<EventType<?>, CloudEvent<?>> all() {
        Map<EventType<?>, CloudEvent<?>> events = new LinkedHashMap<>();
        put(events, "6f1c2b1e-8c8a-4a53-9d0e-1b2a3c4d5e01", Sources.REGISTRY_SERVICE, "2026-11-26T09:00:00Z",
                new DeviceRegistered(MAC, 1, "SPA962", "962", "4MM00F903042", "region/north", "acme-telecom",
                        BootstrapMode.STAGING_KEY, STAGING_KEY, PARAMS, Map.of("Password_1_", SIP_PASSWORD), TEMPLATES,
                        at("2026-11-26T09:00:00Z")));
        put(events, "6f1c2b1e-8c8a-4a53-9d0e-1b2a3c4d5e02", Sources.REGISTRY_SERVICE, "2026-11-26T09:30:00.250Z",
                new DeviceUpdated(MAC, 2, "SPA962", "962", "4MM00F903042", "region/north/floor-2", "acme-telecom",
                        BootstrapMode.STAGING_KEY, STAGING_KEY, PARAMS, Map.of("Password_1_", SIP_PASSWORD), TEMPLATES,
                        List.of("group"), at("2026-11-26T09:30:00.250Z")));
        put(events, "6f1c2b1e-8c8a-4a53-9d0e-1b2a3c4d5e03", Sources.REGISTRY_SERVICE, "2026-12-01T16:45:00Z",
                new DeviceDecommissioned(MAC, 3, "ops@acme-telecom.example", "Returned by customer",
                        at("2026-12-01T16:45:00Z")));
        put(events, "6f1c2b1e-8c8a-4a53-9d0e-1b2a3c4d5e04", Sources.REGISTRY_SERVICE, "2026-11-26T08:15:00Z",
                TemplatePublished.of(12, TemplateScope.GROUP, "region/north", TEMPLATE_XML, "ops@acme-telecom.example",
                        at("2026-11-26T08:15:00Z")));

        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c01", Sources.ROTATION_SCHEDULER, "2026-11-26T10:00:00Z",
                new RotationRequested(MAC, 7L, RotationCause.CAMPAIGN, "ops@acme-telecom.example", CAMPAIGN,
                        at("2026-11-26T10:00:00Z")));
        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c02", Sources.CRYPTO_SERVICE, "2026-11-26T10:00:01.125Z",
                new RotationIssued(MAC, 8, CAMPAIGN, FP8, uuid("0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c01"),
                        at("2026-11-26T10:00:01.125Z")));
        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c03", Sources.CRYPTO_SERVICE, "2026-11-26T10:00:02Z",
                new RotationPublished(MAC, 8, CAMPAIGN, FP8, at("2026-11-26T10:00:02Z")));
        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c04", Sources.CRYPTO_SERVICE, "2026-11-26T10:07:41Z",
                new RotationConfirmed(MAC, 8, null, FP8, at("2026-11-26T10:07:41Z")));
        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c05", Sources.CRYPTO_SERVICE, "2026-11-26T10:07:42Z",
                new RotationRetired(MAC, 7, null, FP7, 8, at("2026-11-26T10:07:42Z")));
        put(events, "0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c06", Sources.CRYPTO_SERVICE, "2026-11-26T10:00:01.500Z",
                new RotationFailed(MAC, 8L, CAMPAIGN, FP8, RotationFailureReason.VERIFICATION_FAILED,
                        "Encrypted profile did not decrypt back to the rendered XML; nothing was published",
                        uuid("0b7d3f4a-5e6f-4a1b-8c2d-3e4f5a6b7c01"), at("2026-11-26T10:00:01.500Z")));

        put(events, "3c9e1a2b-4d5f-4e6a-9b8c-7d6e5f4a3b01", Sources.CRYPTO_SERVICE, "2026-11-26T10:00:01.750Z",
                new ProfilePublished(CHAIN_PATH, ProfileKind.CHAIN, MAC, 7L, 8L, FP7, "application/octet-stream",
                        176, CHAIN_SHA256, CHAIN_CONTENT));
        put(events, "3c9e1a2b-4d5f-4e6a-9b8c-7d6e5f4a3b02", Sources.CRYPTO_SERVICE, "2026-11-26T10:07:42Z",
                new ProfileWithdrawn(CHAIN_PATH, ProfileKind.CHAIN, MAC, 7L, WithdrawalReason.GENERATION_RETIRED));

        put(events, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01", Sources.DELIVERY_SERVICE, "2026-11-26T10:07:41Z",
                new DeliveryFetched("/profile/dGhpc0lzR2VuZXJhdGlvbjg/spa962.cfg", ProfileKind.CHAIN, MAC, 8L,
                        DeliveryProtocol.HTTP, "192.0.2.17", "Linksys/SPA-962-6.1.5(a) (4MM00F903042)",
                        FetchResult.COMPLETED, 2912, 38, at("2026-11-26T10:07:41Z")));
        put(events, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c02", Sources.DELIVERY_SERVICE, "2026-11-26T11:12:03Z",
                new DeliveryDenied("/bootstrap/000e08aabbcc.xml", MAC, DeliveryProtocol.HTTPS, "2001:db8::42",
                        "Cisco/SPA501G-7.4.4 (8843E157DDCC)(CBT141100HR)", DenialReason.WRONG_CLIENT_CERTIFICATE,
                        "Client certificate names another MAC", at("2026-11-26T11:12:03Z")));
        put(events, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03", Sources.DELIVERY_SERVICE, "2026-11-27T02:15:09Z",
                new DeliveryRetiredPathHit(CHAIN_PATH, MAC, 7, DeliveryProtocol.TFTP, "198.51.100.23", null,
                        at("2026-11-27T02:15:09Z")));
        put(events, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c04", Sources.DELIVERY_SERVICE, "2026-11-28T06:00:00Z",
                new DeliveryCertificateExpiring("prov.acme-telecom.example/mailto:noc@acme-telecom.example",
                        "5f3a9c0e11d2", at("2026-12-20T23:59:59Z"), 22,
                        "3b1f0c5e9a7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468"));
        return events;
    }

    /**
     * More valid payloads, beyond the golden ones, that exercise the other branches of the field
     * rules: stage-0 files, minimal events with every optional field absent, a hostile denial.
     */
    static List<EventData> variants() {
        byte[] stage0 = "<flat-profile><Profile_Rule>http://prov.example/bootstrap/spa$MA.cfg</Profile_Rule></flat-profile>"
                .getBytes(StandardCharsets.US_ASCII);
        String stage0Content = Base64.getEncoder().encodeToString(stage0);
        return List.of(
                new DeviceRegistered("0018f8123456", 1, "PAP2T", "pap2t", null, null, null, BootstrapMode.MTLS, null,
                        null, null, null, at("2026-11-26T09:00:00Z")),
                new DeviceUpdated("0018f8123456", 5, "PAP2T", "pap2t", null, null, null, BootstrapMode.SPC_TARGET, null,
                        Map.of("Line_Enable_2_", ""), null, null, null, at("2026-11-26T09:00:00Z")),
                new DeviceDecommissioned("0018f8123456", 6, null, null, at("2026-11-26T09:00:00Z")),
                TemplatePublished.of(1, TemplateScope.MODEL, "PAP2T", "<flat-profile/>", null, at("2026-11-26T09:00:00Z")),
                new RotationRequested("0018f8123456", null, RotationCause.MANUAL, null, null, at("2026-11-26T09:00:00Z")),
                new RotationIssued("0018f8123456", 1, null, FP7, null, at("2026-11-26T09:00:00Z")),
                new RotationFailed("0018f8123456", null, null, null, RotationFailureReason.DEVICE_UNKNOWN, null, null,
                        at("2026-11-26T09:00:00Z")),
                new ProfilePublished("/spa962.cfg", ProfileKind.STAGE0, null, null, null, null, "application/xml",
                        stage0.length, sha256(stage0), stage0Content),
                new ProfilePublished("/bootstrap/spa0018f8123456.cfg", ProfileKind.BOOTSTRAP, "0018f8123456", 1L, 1L,
                        FP8, "application/octet-stream", 176, CHAIN_SHA256, CHAIN_CONTENT),
                new ProfileWithdrawn("/spa962.cfg", ProfileKind.STAGE0, null, null, WithdrawalReason.OPERATOR_REQUEST),
                new DeliveryFetched("/spa962.cfg", ProfileKind.STAGE0, null, null, DeliveryProtocol.TFTP,
                        "10.1.2.3", null, FetchResult.ABORTED, 512, 5000, at("2026-11-26T09:00:00Z")),
                new DeliveryFetched("/spa962.cfg", ProfileKind.STAGE0, "8843e157ddcc", null, DeliveryProtocol.HTTP,
                        "::ffff:10.1.2.3", "Cisco/SPA501G-7.4.4 (8843E157DDCC)(CBT141100HR)", FetchResult.NOT_MODIFIED,
                        0, 0, at("2026-11-26T09:00:00Z")),
                new DeliveryDenied("/../../etc/passwd\u0000\r\nX-Forged: yes", null, DeliveryProtocol.TFTP,
                        "203.0.113.9", null, DenialReason.MALFORMED_REQUEST, null, at("2026-11-26T09:00:00Z")),
                new DeliveryCertificateExpiring("prov.example.net", "0", at("2026-11-20T00:00:00Z"), -6,
                        "00000000000000000000000000000000000000000000000000000000000000ff"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden file of a type, as bytes. */
    static byte[] goldenJson(EventType<?> type) {
        String resource = "/events/" + type.type() + ".json";
        try (InputStream in = GoldenEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant at(String text) {
        return Instant.parse(text);
    }

    private static UUID uuid(String text) {
        return UUID.fromString(text);
    }

    private static void put(Map<EventType<?>, CloudEvent<?>> events, String id, String source, String time,
            EventData data) {
        CloudEvent<?> event = CloudEvent.of(uuid(id), source, at(time), data);
        if (events.put(event.eventType(), event) != null) {
            throw new IllegalStateException("two fixtures for " + event.type());
        }
    }
}
