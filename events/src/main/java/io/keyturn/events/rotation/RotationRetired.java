package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.rotation.retired} on {@code keyturn.rotations}: crypto-service retired one older
 * generation after a newer one was confirmed. Its key is destroyed and its files withdrawn; a later
 * fetch of its directory is reported as {@code keyturn.delivery.retired-path-hit}. One event per
 * retired generation.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param generation the retired generation
 * @param campaignId the campaign of the confirmation that caused the retirement, if known
 * @param keyFingerprint the fingerprint of the destroyed key
 * @param confirmedGeneration the confirmed generation that made this one obsolete; greater than
 *     {@code generation}
 * @param retiredAt when the key was destroyed
 */
public record RotationRetired(
        String mac,
        long generation,
        String campaignId,
        KeyFingerprint keyFingerprint,
        long confirmedGeneration,
        Instant retiredAt) implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationRetired {
        Checks.mac("mac", mac);
        Checks.generation("generation", generation);
        RotationFieldRules.campaignId(campaignId);
        Checks.required("keyFingerprint", keyFingerprint);
        if (confirmedGeneration <= generation) {
            throw Checks.invalid("confirmedGeneration", "must be greater than generation");
        }
        Checks.required("retiredAt", retiredAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
