package io.keyturn.console;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.events.template.TemplatePublished;

/**
 * Turns a decoded CloudEvent into the line the console shows. Only named fields are copied, so a field added to an
 * event later (or the ciphertext, sealed secrets and template bodies that some carry) never reaches a browser.
 */
public final class FeedEvents {

    private static final String PREFIX = "keyturn.";

    private FeedEvents() {
    }

    public static FeedEvent of(CloudEvent<?> event) {
        String type = event.type().startsWith(PREFIX) ? event.type().substring(PREFIX.length()) : event.type();
        EventData data = event.data();
        String campaign = null;
        String category = FeedEvent.FLEET;
        String summary;
        if (data instanceof RotationRequested r) {
            campaign = r.campaignId();
            summary = "from generation " + orDash(r.fromGeneration()) + ", cause " + r.cause().code() + ", by " + r.requestedBy();
        } else if (data instanceof RotationIssued r) {
            campaign = r.campaignId();
            summary = "generation " + r.generation() + ", key " + fp(r.keyFingerprint());
        } else if (data instanceof RotationPublished r) {
            campaign = r.campaignId();
            summary = "generation " + r.generation() + ", key " + fp(r.keyFingerprint());
        } else if (data instanceof RotationConfirmed r) {
            campaign = r.campaignId();
            summary = "generation " + r.generation() + " confirmed, key " + fp(r.keyFingerprint());
        } else if (data instanceof RotationRetired r) {
            campaign = r.campaignId();
            summary = "generation " + r.generation() + " retired (confirmed " + r.confirmedGeneration() + ")";
        } else if (data instanceof RotationFailed r) {
            campaign = r.campaignId();
            summary = "generation " + orDash(r.generation()) + " failed: " + r.reason().code()
                    + (r.detail() == null ? "" : " (" + r.detail() + ")");
        } else if (data instanceof ProfilePublished p) {
            // Path, kind and size only: the content is ciphertext (or a stage-0 file) and stays out of the console.
            summary = p.kind().code() + " " + p.path() + " generation " + orDash(p.generation()) + ", " + p.size() + " bytes";
        } else if (data instanceof ProfileWithdrawn p) {
            summary = p.kind().code() + " " + p.path() + " withdrawn: " + p.reason().code();
        } else if (data instanceof DeliveryFetched f) {
            summary = f.protocol().code() + " " + f.path() + " " + f.result().code() + " from " + f.sourceAddress()
                    + (f.userAgent() == null ? "" : " (" + f.userAgent() + ")");
        } else if (data instanceof DeliveryDenied d) {
            category = d.reason() == DenialReason.RATE_LIMITED ? FeedEvent.RATE_LIMITED : FeedEvent.SECURITY;
            summary = d.protocol().code() + " " + d.path() + " denied: " + d.reason().code() + " from " + d.sourceAddress()
                    + (d.detail() == null ? "" : " (" + d.detail() + ")");
        } else if (data instanceof DeliveryRetiredPathHit h) {
            category = FeedEvent.SECURITY;
            summary = h.protocol().code() + " " + h.path() + " (retired generation " + h.retiredGeneration() + ") from "
                    + h.sourceAddress() + (h.userAgent() == null ? "" : " (" + h.userAgent() + ")");
        } else if (data instanceof DeviceRegistered d) {
            summary = d.model() + " serial " + d.serial() + " in " + d.group() + ", " + d.bootstrapMode().code();
        } else if (data instanceof DeviceUpdated d) {
            summary = d.model() + " in " + d.group();
        } else if (data instanceof DeviceDecommissioned d) {
            summary = "by " + d.requestedBy() + (d.reason() == null ? "" : ": " + d.reason());
        } else if (data instanceof TemplatePublished t) {
            summary = "version " + t.version() + " by " + t.publishedBy();
        } else {
            summary = "";
        }
        return new FeedEvent(event.id().toString(), event.topic(), type, event.subject(), event.time(), campaign,
                category, summary);
    }

    private static String fp(KeyFingerprint f) {
        return f == null ? "-" : f.value();
    }

    private static String orDash(Long n) {
        return n == null ? "-" : n.toString();
    }
}
