package io.keyturn.crypto.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventData;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.platform.messaging.KafkaRecords;
import io.keyturn.platform.messaging.UntilApplied;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads keyturn.devices, keyturn.rotations and keyturn.deliveries, decodes each record and hands the events this
 * service acts on to {@link CryptoEventHandler}. A record that does not decode is logged (topic, offset, reason
 * code) and skipped; a handler failure (the database away) is retried with back-off until it applies
 * ({@link UntilApplied}): a record is never given up, since its offset would be committed and its effect lost.
 */
@ApplicationScoped
public class CryptoEventConsumer {

    private static final Logger LOG = Logger.getLogger(CryptoEventConsumer.class);

    private final CryptoEventHandler handler;
    private final CloudEventCodec codec = new CloudEventCodec();

    @Inject
    public CryptoEventConsumer(CryptoEventHandler handler) {
        this.handler = handler;
    }

    /**
     * A bulk import's registrations come by the thousand: each run of them in a poll is applied in one transaction
     * ({@link CryptoEventHandler#registeredAll}). Updates, decommissions and template events are applied alone, in
     * their place.
     */
    @Incoming("devices")
    @Blocking(ordered = true)
    public void devices(ConsumerRecords<String, byte[]> records) {
        inBatches(records, DeviceRegistered.class, handler::registeredAll);
    }

    /**
     * Rotation requests come by the hundred when a campaign runs: a batch of them is applied in one transaction
     * ({@link CryptoEventHandler#rotationsRequested}).
     */
    @Incoming("rotations")
    @Blocking(ordered = true)
    public void rotations(ConsumerRecords<String, byte[]> records) {
        inBatches(records, RotationRequested.class, handler::rotationsRequested);
    }

    /**
     * Applies each run of consecutive {@code type} events with {@code applyAll}, and every other event this service
     * handles alone, in its place, so a partition's order holds. A batch that fails is applied again one event at a
     * time, so one the batch cannot take holds up only itself (and its partition, as any event that fails does).
     */
    private <T extends EventData> void inBatches(ConsumerRecords<String, byte[]> records, Class<T> type,
                                                 Consumer<List<CloudEvent<T>>> applyAll) {
        List<CloudEvent<T>> run = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            CloudEvent<?> event = decode(record);
            if (event == null || !CryptoEventHandler.handles(event)) {
                continue;
            }
            if (type.isInstance(event.data())) {
                @SuppressWarnings("unchecked")
                CloudEvent<T> typed = (CloudEvent<T>) event;
                run.add(typed);
            } else {
                applyRun(run, applyAll);
                run = new ArrayList<>();
                UntilApplied.run(event.type() + " " + event.id(), () -> handler.handle(event));
            }
        }
        applyRun(run, applyAll);
    }

    private <T extends EventData> void applyRun(List<CloudEvent<T>> run, Consumer<List<CloudEvent<T>>> applyAll) {
        UntilApplied.batchElseEach(run, applyAll, e -> e.type() + " " + e.id(), handler::handle);
    }

    /**
     * Fetches come in batches, as many as every unit's resyncs make: the few that can confirm a generation are told
     * from the rest with one read for the whole batch ({@link CryptoEventHandler#confirming}), and only those are
     * handled, one by one and in order, like every other event.
     */
    @Incoming("deliveries")
    @Blocking(ordered = true)
    public void deliveries(ConsumerRecords<String, byte[]> records) {
        List<DeliveryFetched> fetches = new ArrayList<>();
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            CloudEvent<?> event = decode(record);
            if (event != null && CryptoEventHandler.handles(event)) {
                events.add(event);
                if (event.data() instanceof DeliveryFetched f) {
                    fetches.add(f);
                }
            }
        }
        if (events.isEmpty()) {
            return;
        }
        Predicate<DeliveryFetched> confirming = UntilApplied.get("a batch of " + fetches.size() + " fetches",
                () -> handler.confirming(fetches));
        for (CloudEvent<?> event : events) {
            if (!(event.data() instanceof DeliveryFetched f) || confirming.test(f)) {
                UntilApplied.run(event.type() + " " + event.id(), () -> handler.handle(event));
            }
        }
    }

    /** The event of a record, or null (logged: topic, offset, reason code) for a record that is not a keyturn event. */
    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decode(KafkaRecords.toEventRecord(record));
        } catch (EventContractException e) {
            LOG.warnf("Skipping a record on %s (partition %d, offset %d) that is not a keyturn event: %s",
                    record.topic(), record.partition(), record.offset(), e.reason().code());
            return null;
        }
    }
}
