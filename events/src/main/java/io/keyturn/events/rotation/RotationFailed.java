package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code keyturn.rotation.failed} on {@code keyturn.rotations}: a rotation of the device stopped.
 * The chain invariant still holds: the device keeps following the files it already had, and a later
 * request may try again. The scheduler counts these for campaign stop rules.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param generation the generation that failed, if one had been numbered
 * @param campaignId the campaign the rotation belongs to, if any
 * @param keyFingerprint the fingerprint of the failed generation's key, if one was generated (the
 *     key itself is destroyed)
 * @param reason why it failed
 * @param detail a human-readable explanation for operators, if any; at most 500 characters, never
 *     secret
 * @param requestId the {@code id} of the {@code keyturn.rotation.requested} event that started
 *     the rotation, if any
 * @param failedAt when the rotation was given up
 */
public record RotationFailed(
        String mac,
        Long generation,
        String campaignId,
        KeyFingerprint keyFingerprint,
        RotationFailureReason reason,
        String detail,
        UUID requestId,
        Instant failedAt) implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationFailed {
        Checks.mac("mac", mac);
        Checks.optionalGeneration("generation", generation);
        RotationFieldRules.campaignId(campaignId);
        Checks.required("reason", reason);
        Checks.optionalText("detail", detail, 500);
        Checks.required("failedAt", failedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
