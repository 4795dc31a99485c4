package io.keyturn.crypto.messaging;

import io.keyturn.crypto.domain.ChainWorkflow;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.platform.inbox.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** Applies one consumed event to the chain, exactly once: the processed mark, the state and the outbox commit together. */
@ApplicationScoped
public class CryptoEventHandler {

    static final String CONSUMER = "crypto-service";

    private final ProcessedEvents processed;
    private final ChainWorkflow workflow;
    private final OutboxEventSink sink;

    @Inject
    public CryptoEventHandler(ProcessedEvents processed, ChainWorkflow workflow, OutboxEventSink sink) {
        this.processed = processed;
        this.workflow = workflow;
        this.sink = sink;
    }

    /** Whether this service acts on the event; the rest of each topic is skipped without touching the database. */
    static boolean handles(CloudEvent<?> event) {
        EventData d = event.data();
        return d instanceof DeviceRegistered || d instanceof DeviceUpdated || d instanceof DeviceDecommissioned
                || d instanceof TemplatePublished || d instanceof RotationRequested || d instanceof DeliveryFetched;
    }

    /** Which of {@code fetches} can confirm a generation, told with one read for all of them. */
    @Transactional
    public Predicate<DeliveryFetched> confirming(List<DeliveryFetched> fetches) {
        return workflow.confirming(fetches);
    }

    /**
     * Applies a batch of {@code rotation.requested} events in one transaction: one inbox insert marks them all, and
     * only those seen for the first time are applied (each once, in order), with one read of their devices and one
     * append of everything they emit. Rolls back as a whole; the caller then applies them one by one.
     */
    @Transactional
    public void rotationsRequested(List<CloudEvent<RotationRequested>> events) {
        List<ChainWorkflow.Request> requests = new ArrayList<>(events.size());
        for (CloudEvent<RotationRequested> e : firstSeen(events)) {
            requests.add(new ChainWorkflow.Request(e.id(), e.data()));
        }
        if (!requests.isEmpty()) {
            sink.batched(() -> workflow.rotationsRequested(requests));
        }
    }

    /**
     * Applies a batch of {@code device.registered} events in one transaction, as {@link #rotationsRequested} does
     * rotation requests: a bulk import's registrations come by the thousand.
     */
    @Transactional
    public void registeredAll(List<CloudEvent<DeviceRegistered>> events) {
        List<DeviceRegistered> registrations = new ArrayList<>(events.size());
        for (CloudEvent<DeviceRegistered> e : firstSeen(events)) {
            registrations.add(e.data());
        }
        if (!registrations.isEmpty()) {
            sink.batched(() -> workflow.registeredAll(registrations));
        }
    }

    /** The events of {@code events} not applied before, in order, marked applied with one insert; a repeat once. */
    private <T extends EventData> List<CloudEvent<T>> firstSeen(List<CloudEvent<T>> events) {
        List<UUID> ids = new ArrayList<>(events.size());
        events.forEach(e -> ids.add(e.id()));
        Set<UUID> first = processed.markAllIfFirst(ids, CONSUMER);
        List<CloudEvent<T>> fresh = new ArrayList<>(first.size());
        for (CloudEvent<T> e : events) {
            // remove: a duplicate within the batch is applied once, like one redelivered later
            if (first.remove(e.id())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    @Transactional
    public void handle(CloudEvent<?> event) {
        // A fetch that cannot confirm needs no exactly-once mark: it changes nothing however often it comes.
        if (event.data() instanceof DeliveryFetched f && !workflow.mayConfirm(f)) {
            return;
        }
        if (!processed.markIfFirst(event.id(), CONSUMER)) {
            return;
        }
        EventData d = event.data();
        if (d instanceof DeviceRegistered r) {
            workflow.registered(r);
        } else if (d instanceof DeviceUpdated u) {
            workflow.updated(u);
        } else if (d instanceof DeviceDecommissioned x) {
            workflow.decommissioned(x);
        } else if (d instanceof TemplatePublished t) {
            workflow.templatePublished(t);
        } else if (d instanceof RotationRequested r) {
            workflow.rotationRequested(event.id(), r);
        } else if (d instanceof DeliveryFetched f) {
            workflow.fetched(f);
        }
    }
}
