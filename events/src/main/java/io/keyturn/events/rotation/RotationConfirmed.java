package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.rotation.confirmed} on {@code keyturn.rotations}: delivery-service saw the first
 * fetch of the generation's directory, which proves the device holds that generation's key (only a
 * device that decrypted the previous file knows the directory). crypto-service then retires every
 * older generation. Emitted once per generation; a replay is recognised by its {@code id}.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param generation the generation the device proved to hold
 * @param campaignId the campaign the rotation belongs to, if the emitter knows it (consumers
 *     correlate by {@code mac} and {@code generation})
 * @param keyFingerprint the fingerprint of the key the fetched file is encrypted with, i.e. the
 *     key the device now holds
 * @param confirmedAt when the confirming fetch happened
 */
public record RotationConfirmed(
        String mac, long generation, String campaignId, KeyFingerprint keyFingerprint, Instant confirmedAt)
        implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationConfirmed {
        Checks.mac("mac", mac);
        Checks.generation("generation", generation);
        RotationFieldRules.campaignId(campaignId);
        Checks.required("keyFingerprint", keyFingerprint);
        Checks.required("confirmedAt", confirmedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
