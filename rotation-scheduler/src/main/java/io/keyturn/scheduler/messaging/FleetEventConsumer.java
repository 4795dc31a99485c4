package io.keyturn.scheduler.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.platform.messaging.KafkaRecords;
import io.keyturn.platform.messaging.UntilApplied;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code keyturn.devices}, {@code keyturn.rotations} and {@code keyturn.deliveries} in batches and hands the
 * decoded events to {@link FleetEventHandler}. A record that is not a valid event is logged (topic and offset
 * only) and skipped; the offsets are committed after the handler's transaction.
 */
@ApplicationScoped
public class FleetEventConsumer {

    private static final Logger LOG = Logger.getLogger(FleetEventConsumer.class);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final FleetEventHandler handler;

    @Inject
    public FleetEventConsumer(FleetEventHandler handler) {
        this.handler = handler;
    }

    @Incoming("devices")
    @Blocking(ordered = true)
    public void devices(ConsumerRecords<String, byte[]> records) {
        consume(records);
    }

    @Incoming("rotations")
    @Blocking(ordered = true)
    public void rotations(ConsumerRecords<String, byte[]> records) {
        consume(records);
    }

    @Incoming("deliveries")
    @Blocking(ordered = true)
    public void deliveries(ConsumerRecords<String, byte[]> records) {
        consume(records);
    }

    void consume(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            CloudEvent<?> e = decode(r);
            if (e != null && FleetEventHandler.handles(e)) {
                events.add(e);
            }
        }
        // One event may spoil the batch (a deadlock with a tick, a row it cannot apply): the others then still land,
        // one by one. A failure of one alone is the database being away: it is retried until it applies (failing the
        // channel would leave the service DOWN until a restart; a PostgreSQL restart in the chaos run did exactly that).
        UntilApplied.batchElseEach(events, handler::handleAll, e -> e.type() + " " + e.id(), handler::handleOne);
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> r) {
        try {
            return codec.decode(KafkaRecords.toEventRecord(r));
        } catch (EventContractException e) {
            LOG.warnf("Skipping a record that is not a valid keyturn event: %s partition %d offset %d (%s)",
                    r.topic(), r.partition(), r.offset(), e.reason());
            return null;
        }
    }
}
