package io.keyturn.events.delivery;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.profile.ProfileKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryEventsTest {

    private static final String MAC = "000e08aabbcc";
    private static final Instant AT = Instant.parse("2026-11-26T10:07:41Z");
    private static final String CHAIN = "/profile/dGhpc0lzR2VuZXJhdGlvbjg/spa962.cfg";

    private static DeliveryFetched fetchedFrom(String address) {
        return new DeliveryFetched(CHAIN, ProfileKind.CHAIN, MAC, 8L, DeliveryProtocol.HTTP, address, null,
                FetchResult.COMPLETED, 100, 3, AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.17", "0.0.0.0", "255.255.255.255", "2001:db8::42", "::1", "::ffff:192.0.2.1",
        "fe80::1:2:3:4"})
    void acceptsIpAddressLiterals(String address) {
        assertThat(fetchedFrom(address).sourceAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3", "01.2.3.4", "192.0.2.17:69", "prov.example.net", "localhost",
        "abc", "fe80::1%eth0", "[::1]", ":::", "1:2:3:4:5:6:7:8:9", ".:1"})
    void refusesAnythingButAnAddressLiteralWithoutLookingItUp(String address) {
        assertInvalid(() -> fetchedFrom(address), "sourceAddress must be an IPv4 or IPv6 address literal");
    }

    @Test
    void aStage0FetchMayComeFromAnUnknownDevice() {
        DeliveryFetched anonymous = new DeliveryFetched("/spa962.cfg", ProfileKind.STAGE0, null, null,
                DeliveryProtocol.TFTP, "10.0.0.9", null, FetchResult.COMPLETED, 300, 40, AT);
        assertThat(anonymous.subject()).isEqualTo("/spa962.cfg");
        assertInvalid(() -> new DeliveryFetched("/spa962.cfg", ProfileKind.STAGE0, null, 1L, DeliveryProtocol.TFTP,
                "10.0.0.9", null, FetchResult.COMPLETED, 300, 40, AT), "generation must be absent for a stage0 file");
        assertInvalid(() -> new DeliveryFetched(CHAIN, ProfileKind.CHAIN, null, 8L, DeliveryProtocol.HTTP,
                "10.0.0.9", null, FetchResult.COMPLETED, 300, 40, AT), "mac is required");
    }

    @Test
    void refusesNegativeCountsAndMissingOutcome() {
        assertInvalid(() -> new DeliveryFetched(CHAIN, ProfileKind.CHAIN, MAC, 8L, DeliveryProtocol.HTTP, "10.0.0.9",
                null, FetchResult.COMPLETED, -1, 40, AT), "bytes must be at least 0");
        assertInvalid(() -> new DeliveryFetched(CHAIN, ProfileKind.CHAIN, MAC, 8L, DeliveryProtocol.HTTP, "10.0.0.9",
                null, FetchResult.COMPLETED, 0, -40, AT), "durationMillis must be at least 0");
        assertInvalid(() -> new DeliveryFetched(CHAIN, ProfileKind.CHAIN, MAC, 8L, DeliveryProtocol.HTTP, "10.0.0.9",
                null, null, 0, 0, AT), "result is required");
    }

    @Test
    void cleansClientTextInsteadOfRefusingIt() {
        String hostile = "Linksys/SPA-962\r\nX-Forged: 1\u202E\u0000" + "A".repeat(400);
        DeliveryDenied denied = new DeliveryDenied("/bootstrap/../../etc/passwd\n", null, DeliveryProtocol.HTTP,
                "203.0.113.9", hostile, DenialReason.MALFORMED_REQUEST, null, AT);
        assertThat(denied.path()).isEqualTo("/bootstrap/../../etc/passwd\uFFFD");
        assertThat(denied.userAgent()).startsWith("Linksys/SPA-962\uFFFD\uFFFDX-Forged: 1\uFFFD\uFFFDAAA").hasSize(256);
        assertThat(denied.subject()).isEqualTo(denied.path());
    }

    @Test
    void aDenialNamesSomePath() {
        assertInvalid(() -> new DeliveryDenied("", null, DeliveryProtocol.TFTP, "203.0.113.9", null,
                DenialReason.MALFORMED_REQUEST, null, AT), "path must not be empty (use / when the request named no file)");
        assertInvalid(() -> new DeliveryDenied(null, null, DeliveryProtocol.TFTP, "203.0.113.9", null,
                DenialReason.MALFORMED_REQUEST, null, AT), "path is required");
    }

    @Test
    void aDenialWithAClaimedMacIsKeyedByIt() {
        DeliveryDenied denied = new DeliveryDenied("/bootstrap/000e08aabbcc.xml", MAC, DeliveryProtocol.HTTPS,
                "2001:db8::42", null, DenialReason.WRONG_CLIENT_CERTIFICATE, "Client certificate names another MAC", AT);
        assertThat(denied.subject()).isEqualTo(MAC);
        assertInvalid(() -> new DeliveryDenied("/x", "NOT-A-MAC", DeliveryProtocol.HTTPS, "2001:db8::42", null,
                DenialReason.OTHER, null, AT), "mac must be 12 lowercase hexadecimal digits");
    }

    @Test
    void aRetiredPathHitNamesTheDeviceAndGeneration() {
        DeliveryRetiredPathHit hit = new DeliveryRetiredPathHit(CHAIN, MAC, 7, DeliveryProtocol.TFTP, "198.51.100.23",
                null, AT);
        assertThat(hit.subject()).isEqualTo(MAC);
        assertInvalid(() -> new DeliveryRetiredPathHit(CHAIN, null, 7, DeliveryProtocol.TFTP, "198.51.100.23", null, AT),
                "mac is required");
        assertInvalid(() -> new DeliveryRetiredPathHit(CHAIN, MAC, 0, DeliveryProtocol.TFTP, "198.51.100.23", null, AT),
                "retiredGeneration must be at least 1");
    }

    @Test
    void aCertificateWarningIsKeyedByTheCnAndOnlyWithinThirtyDays() {
        String sha = "3b1f0c5e9a7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468";
        DeliveryCertificateExpiring expiring = new DeliveryCertificateExpiring("prov.example.net", "1a2b", AT, 30, sha);
        assertThat(expiring.subject()).isEqualTo("prov.example.net");
        assertThat(new DeliveryCertificateExpiring("prov.example.net", "1a2b", AT, -3, sha).daysLeft())
                .as("an expired certificate is still reported").isEqualTo(-3);
        assertInvalid(() -> new DeliveryCertificateExpiring("prov.example.net", "1a2b", AT, 31, sha),
                "daysLeft must be at most 30");
        assertInvalid(() -> new DeliveryCertificateExpiring("prov.example.net", "001A", AT, 3, sha),
                "serialNumber must be lowercase hex without leading zeros, at most 64 digits");
        assertInvalid(() -> new DeliveryCertificateExpiring(" ", "1a2b", AT, 3, sha), "cn must not be blank");
        assertInvalid(() -> new DeliveryCertificateExpiring("prov.example.net", "1a2b", AT, 3, "AB"),
                "certificateSha256 must be 64 lowercase hexadecimal digits");
    }
}
