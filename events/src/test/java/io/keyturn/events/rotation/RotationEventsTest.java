package io.keyturn.events.rotation;

import static io.keyturn.events.Refusals.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.KeyFingerprint;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationEventsTest {

    private static final String MAC = "000e08aabbcc";
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final KeyFingerprint FP = KeyFingerprint.of("0".repeat(64).toCharArray());

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void refusesAGenerationBelowOne(long generation) {
        assertInvalid(() -> new RotationIssued(MAC, generation, null, FP, null, AT), "generation must be at least 1");
        assertInvalid(() -> new RotationPublished(MAC, generation, null, FP, AT), "generation must be at least 1");
        assertInvalid(() -> new RotationConfirmed(MAC, generation, null, FP, AT), "generation must be at least 1");
        assertInvalid(() -> new RotationFailed(MAC, generation, null, null, RotationFailureReason.OTHER, null, null, AT),
                "generation must be at least 1");
        assertInvalid(() -> new RotationRequested(MAC, generation, RotationCause.MANUAL, null, null, AT),
                "fromGeneration must be at least 1");
    }

    @Test
    void acceptsGenerationOneTheOneIssuedAtRegistration() {
        assertThat(new RotationIssued(MAC, 1, null, FP, null, AT).generation()).isEqualTo(1);
    }

    @Test
    void requiresTheFingerprintWhereverAKeyExists() {
        assertInvalid(() -> new RotationIssued(MAC, 2, null, null, null, AT), "keyFingerprint is required");
        assertInvalid(() -> new RotationPublished(MAC, 2, null, null, AT), "keyFingerprint is required");
        assertInvalid(() -> new RotationConfirmed(MAC, 2, null, null, AT), "keyFingerprint is required");
        assertInvalid(() -> new RotationRetired(MAC, 1, null, null, 2, AT), "keyFingerprint is required");
    }

    @Test
    void aCampaignRotationNamesItsCampaign() {
        assertInvalid(() -> new RotationRequested(MAC, 3L, RotationCause.CAMPAIGN, null, null, AT),
                "campaignId is required when cause is campaign");
        assertThat(new RotationRequested(MAC, 3L, RotationCause.CAMPAIGN, null, "cmp-1", AT).campaignId()).isEqualTo("cmp-1");
        assertInvalid(() -> new RotationRequested(MAC, 3L, RotationCause.SCHEDULE, null, "cmp 1", AT),
                "campaignId must be letters, digits, . _ : - (at most 64 characters)");
        assertInvalid(() -> new RotationRequested(MAC, 3L, null, null, null, AT), "cause is required");
    }

    @Test
    void retiresOnlyGenerationsOlderThanTheConfirmedOne() {
        assertInvalid(() -> new RotationRetired(MAC, 8, null, FP, 8, AT), "confirmedGeneration must be greater than generation");
        assertInvalid(() -> new RotationRetired(MAC, 8, null, FP, 7, AT), "confirmedGeneration must be greater than generation");
        assertThat(new RotationRetired(MAC, 7, null, FP, 8, AT).confirmedGeneration()).isEqualTo(8);
    }

    @Test
    void aFailureHasAReasonAndAShortPrintableDetail() {
        assertInvalid(() -> new RotationFailed(MAC, null, null, null, null, null, null, AT), "reason is required");
        assertInvalid(() -> new RotationFailed(MAC, null, null, null, RotationFailureReason.OTHER, "x".repeat(501), null, AT),
                "detail must be at most 500 characters");
        assertInvalid(() -> new RotationFailed(MAC, null, null, null, RotationFailureReason.OTHER, "a\u001b[2Jb", null, AT),
                "detail must not contain control or format characters");
        RotationFailed failed = new RotationFailed(MAC, null, null, null, RotationFailureReason.CONFIRMATION_TIMEOUT,
                null, UUID.randomUUID(), AT);
        assertThat(failed.reason().code()).isEqualTo("confirmation-timeout");
    }

    @Test
    void everyRotationEventIsKeyedByItsDevice() {
        assertThat(new RotationConfirmed(MAC, 2, null, FP, AT).subject()).isEqualTo(MAC);
        assertThat(new RotationRequested(MAC, null, RotationCause.EMERGENCY, "ops", null, AT).subject()).isEqualTo(MAC);
    }
}
