package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.internal.Checks;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code keyturn.rotation.issued} on {@code keyturn.rotations}: crypto-service created generation
 * {@code generation} for the device (a fresh key and directory, kept inside crypto-service). Nothing
 * is fetchable yet; {@code keyturn.rotation.published} follows once the chain files are out.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param generation the new generation, from 1 (generation 1 is issued at registration)
 * @param campaignId the campaign the rotation belongs to, if any
 * @param keyFingerprint the fingerprint of the new key; never the key
 * @param requestId the {@code id} of the {@code keyturn.rotation.requested} event it answers;
 *     absent for generation 1, which registration issues
 * @param issuedAt when the generation was issued
 */
public record RotationIssued(
        String mac,
        long generation,
        String campaignId,
        KeyFingerprint keyFingerprint,
        UUID requestId,
        Instant issuedAt) implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationIssued {
        Checks.mac("mac", mac);
        Checks.generation("generation", generation);
        RotationFieldRules.campaignId(campaignId);
        Checks.required("keyFingerprint", keyFingerprint);
        Checks.required("issuedAt", issuedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
