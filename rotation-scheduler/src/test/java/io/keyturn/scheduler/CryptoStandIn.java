package io.keyturn.scheduler;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationRequested;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stands in for crypto-service and the devices on Kafka: answers every campaign request for one of {@code macs} with issued and published
 * generation 2, and confirms it unless the device is one of the {@code silent} ones (a device that never comes).
 * Counts every request per device, so a test can prove nothing was requested twice.
 */
final class CryptoStandIn implements AutoCloseable {

    private final Set<String> macs;
    private final Fleet fleet = new Fleet();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    /** Distinct rotation requests per device (copies of one request counted once). */
    final Map<String, Integer> requestsPerMac = new ConcurrentHashMap<>();
    private final Set<UUID> requestIds = ConcurrentHashMap.newKeySet();
    final Map<String, String> campaignOf = new ConcurrentHashMap<>();
    final List<CloudEvent<RotationFailed>> timeouts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    CryptoStandIn(Set<String> macs, Set<String> silent) {
        this.macs = Set.copyOf(macs);
        this.silent.addAll(silent);
        RotationRequests reader = new RotationRequests();
        thread = new Thread(() -> {
            try (reader) {
                while (running.get()) {
                    reader.pollAll(Duration.ofMillis(100), this::onEvent);
                    fleet.flush();
                }
            }
        }, "crypto-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    @SuppressWarnings("unchecked")
    private void onEvent(CloudEvent<?> e) {
        if (e.data() instanceof RotationRequested r && r.campaignId() != null && macs.contains(r.mac())) {
            if (!requestIds.add(e.id())) {
                // A copy of a request already seen: the outbox relay publishes at least once (a replica killed
                // between sending and marking re-sends), and crypto-service's inbox drops the copy, as here.
                return;
            }
            requestsPerMac.merge(r.mac(), 1, Integer::sum);
            campaignOf.put(r.mac(), r.campaignId());
            fleet.issueAndPublish((CloudEvent<RotationRequested>) e, 2);
            if (!silent.contains(r.mac())) {
                fleet.confirm(r.mac(), 2, r.campaignId());
            }
        } else if (e.data() instanceof RotationFailed f && Sources.ROTATION_SCHEDULER.equals(e.source())
                && macs.contains(f.mac())) {
            timeouts.add((CloudEvent<RotationFailed>) e);
        }
    }

    /** The silent devices come after all: each fetches generation 2 and crypto-service confirms it. */
    void wakeSilent() {
        for (String mac : silent) {
            String campaign = campaignOf.get(mac);
            if (campaign != null) {
                fleet.confirm(mac, 2, campaign);
            }
        }
        silent.clear();
        fleet.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        fleet.close();
    }
}
