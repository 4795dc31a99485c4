package io.keyturn.events.rotation;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;
import java.time.Instant;

/**
 * {@code keyturn.rotation.requested} on {@code keyturn.rotations}: rotation-scheduler (or an
 * operator through it) asks crypto-service to issue the device's next generation. The event's
 * {@code id} is the request id that later events quote as {@code requestId}.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param fromGeneration the newest generation the requester knew was issued, if it knew one;
 *     crypto-service may treat a request whose basis is already superseded as done
 * @param cause why the rotation was requested
 * @param requestedBy the operator or API client for {@code manual} and {@code emergency}, the
 *     policy for {@code schedule}, if known; at most 128 characters
 * @param campaignId the campaign, required when {@code cause} is {@code campaign}; at most 64
 *     characters of letters, digits, {@code . _ : -}
 * @param requestedAt when the rotation was requested
 */
public record RotationRequested(
        String mac,
        Long fromGeneration,
        RotationCause cause,
        String requestedBy,
        String campaignId,
        Instant requestedAt) implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public RotationRequested {
        Checks.mac("mac", mac);
        Checks.optionalGeneration("fromGeneration", fromGeneration);
        Checks.required("cause", cause);
        Checks.optionalText("requestedBy", requestedBy, 128);
        RotationFieldRules.campaignId(campaignId);
        if (cause == RotationCause.CAMPAIGN && campaignId == null) {
            throw Checks.invalid("campaignId", "is required when cause is campaign");
        }
        Checks.required("requestedAt", requestedAt);
    }

    @Override
    public String subject() {
        return mac;
    }
}
