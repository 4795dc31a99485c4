package io.keyturn.scheduler.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.platform.inbox.ProcessedEvents;
import io.keyturn.scheduler.persistence.CampaignRepository;
import io.keyturn.scheduler.persistence.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies device, rotation and fetch events to the read model and to campaign progress, idempotently: each device
 * and rotation event is marked processed in the same transaction as its effect, and every effect only moves state
 * forward. Fetches skip the mark: their one effect (last seen) is safe to apply twice.
 */
@ApplicationScoped
public class FleetEventHandler {

    static final String CONSUMER = "rotation-scheduler.fleet-events";

    private final ProcessedEvents processed;
    private final DeviceRepository devices;
    private final CampaignRepository campaigns;

    @Inject
    public FleetEventHandler(ProcessedEvents processed, DeviceRepository devices, CampaignRepository campaigns) {
        this.processed = processed;
        this.devices = devices;
        this.campaigns = campaigns;
    }

    /** Whether this handler acts on the event at all (others are skipped without a trace). */
    public static boolean handles(CloudEvent<?> event) {
        Object d = event.data();
        if (d instanceof RotationFailed) {
            // Our own timeouts come back through the topic; they were applied when they were written.
            return !Sources.ROTATION_SCHEDULER.equals(event.source());
        }
        return d instanceof DeviceRegistered || d instanceof DeviceUpdated || d instanceof DeviceDecommissioned
                || d instanceof RotationIssued || d instanceof RotationPublished || d instanceof RotationConfirmed
                || (d instanceof DeliveryFetched f && f.mac() != null);
    }

    /**
     * Applies a batch in one transaction, in device order: the three topics' consumers write the same device rows
     * concurrently, and batches that each locked them in arrival order deadlocked one another (PostgreSQL 40P01)
     * under a fleet-wide campaign. Sorting by subject (the MAC) gives every transaction the same lock order; the
     * sort is stable, so one device's events keep their topic order (its fetches fold into one, see below).
     */
    @Transactional
    public void handleAll(List<CloudEvent<?>> events) {
        List<CloudEvent<?>> ordered = inLockOrder(events);
        if (ordered.stream().allMatch(FleetEventHandler::isFetch)) {
            // keyturn.deliveries' batches are fetches only, most of the traffic there is: one round trip for all
            // their devices, still in MAC order.
            devices.recordSeen(ordered.stream().map(e -> (DeliveryFetched) e.data())
                    .map(f -> Map.entry(f.mac(), f.fetchedAt())).toList());
            return;
        }
        // One inbox insert marks the batch instead of one per event (a rotation's issued and published events cost
        // two); each event seen for the first time is applied once, a repeat within the batch too. Fetches skip the
        // mark. Measured: no change in the scheduler's PostgreSQL CPU per rotation, whose time was lock waits on
        // the campaign tick and the campaign's whole-table reads (closing note of 2026-11-27).
        List<UUID> ids = new ArrayList<>(ordered.size());
        for (CloudEvent<?> e : ordered) {
            if (handles(e) && !isFetch(e)) {
                ids.add(e.id());
            }
        }
        Set<UUID> first = processed.markAllIfFirst(ids, CONSUMER);
        for (CloudEvent<?> e : ordered) {
            if (handles(e) && (isFetch(e) || first.remove(e.id()))) {
                applyEffect(e);
            }
        }
    }

    private static boolean isFetch(CloudEvent<?> event) {
        return event.data() instanceof DeliveryFetched f && f.mac() != null;
    }

    /**
     * The batch as it is applied: by device (stable), with each device's fetches folded into its latest one. A fetch
     * only moves the device's last-seen time forward, so the latest fetch of a batch has the effect of all of them;
     * a device resyncing during a storm then costs one row update per batch instead of one per fetch.
     */
    static List<CloudEvent<?>> inLockOrder(List<CloudEvent<?>> events) {
        List<CloudEvent<?>> ordered = new ArrayList<>(events.size());
        Map<String, CloudEvent<?>> latestFetch = new LinkedHashMap<>();
        for (CloudEvent<?> e : events) {
            if (e.data() instanceof DeliveryFetched f && f.mac() != null) {
                latestFetch.merge(f.mac(), e, (kept, next) -> fetchedAt(next).isAfter(fetchedAt(kept)) ? next : kept);
            } else {
                ordered.add(e);
            }
        }
        ordered.addAll(latestFetch.values());
        ordered.sort(Comparator.comparing(CloudEvent::subject));
        return ordered;
    }

    private static Instant fetchedAt(CloudEvent<?> event) {
        return ((DeliveryFetched) event.data()).fetchedAt();
    }

    /** Applies one event in its own transaction (the fallback when a batch fails). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void handleOne(CloudEvent<?> event) {
        apply(event);
    }

    private void apply(CloudEvent<?> event) {
        if (!handles(event)) {
            return;
        }
        // A fetch's effect (last seen = the later of the two) is safe to apply twice, so it skips the inbox: one
        // insert less per fetch, which is most of the topic's traffic.
        if (!(event.data() instanceof DeliveryFetched) && !processed.markIfFirst(event.id(), CONSUMER)) {
            return;
        }
        applyEffect(event);
    }

    /** The event's effect on the read model and the campaigns; the caller has told that it is the first delivery. */
    private void applyEffect(CloudEvent<?> event) {
        Object d = event.data();
        if (d instanceof DeviceRegistered r) {
            devices.upsert(r.mac(), r.version(), r.group(), r.model(), r.tenant());
        } else if (d instanceof DeviceUpdated u) {
            devices.upsert(u.mac(), u.version(), u.group(), u.model(), u.tenant());
        } else if (d instanceof DeviceDecommissioned x) {
            devices.decommission(x.mac(), x.version());
            campaigns.cancelPendingDevice(x.mac());
        } else if (d instanceof RotationIssued i) {
            devices.recordIssued(i.mac(), i.generation());
            campaigns.issued(i.requestId(), i.campaignId(), i.mac(), i.generation(), i.issuedAt());
        } else if (d instanceof RotationPublished p) {
            devices.recordIssued(p.mac(), p.generation());
            campaigns.published(p.mac(), p.generation(), p.publishedAt());
        } else if (d instanceof RotationConfirmed c) {
            devices.recordConfirmed(c.mac(), c.generation(), c.confirmedAt());
            campaigns.confirmed(c.mac(), c.generation(), c.confirmedAt());
        } else if (d instanceof RotationFailed f && f.reason() != RotationFailureReason.SUPERSEDED) {
            campaigns.failed(f.requestId(), f.campaignId(), f.mac(), f.failedAt());
        } else if (d instanceof DeliveryFetched f) {
            devices.recordSeen(f.mac(), f.fetchedAt());
        }
    }
}
