package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.rotation.published} on {@code keyturn.rotations}: every file of the chain now
 * leads to {@code generation}. crypto-service emits it after the {@code keyturn.profile.published}
 * events for the new generation's file and for every re-pointed older file (DESIGN.md §1, the chain
 * invariant): from here on, a device holding any live generation reaches this one on its next resync.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param generation the generation the chain now leads to
 * @param campaignId the campaign the rotation belongs to, if any
 * @param keyFingerprint the fingerprint of that generation's key
 * @param publishedAt when the last file was handed over
 */
public record RotationPublished(
        String mac, long generation, String campaignId, KeyFingerprint keyFingerprint, Instant publishedAt)
        implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationPublished {
        Checks.mac("mac", mac);
        Checks.generation("generation", generation);
        RotationFieldRules.campaignId(campaignId);
        Checks.required("keyFingerprint", keyFingerprint);
        Checks.required("publishedAt", publishedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
