package io.keyturn.registry.messaging;

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
 * Reads {@code keyturn.rotations} in batches and hands the events the read model uses to {@link RotationEventHandler},
 * a batch in one transaction. A record that is not a valid event is logged (topic and offset only) and skipped; the
 * offsets are committed after the handler's transaction.
 */
@ApplicationScoped
public class RotationEventConsumer {

    private static final Logger LOG = Logger.getLogger(RotationEventConsumer.class);

    private final CloudEventCodec codec = new CloudEventCodec();
    private final RotationEventHandler handler;

    @Inject
    public RotationEventConsumer(RotationEventHandler handler) {
        this.handler = handler;
    }

    @Incoming("rotations")
    @Blocking(ordered = true)
    public void rotations(ConsumerRecords<String, byte[]> records) {
        consume(records);
    }

    void consume(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            CloudEvent<?> e = decode(r);
            if (e != null && RotationEventHandler.handles(e)) {
                events.add(e);
            }
        }
        // The batch rolls back as a whole. The handler refuses no event, so a failure is the database being away or a
        // conflict with another writer: each event alone, in order, until it applies (failing the channel would leave
        // the service DOWN until a restart). An event twice in the batch is applied once: the inbox.
        UntilApplied.batchElseEach(events, handler::handleAll, e -> e.type() + " " + e.id(),
                e -> handler.handleAll(List.of(e)));
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> r) {
        try {
            return codec.decode(KafkaRecords.toEventRecord(r));
        } catch (EventContractException e) {
            // Another producer's newer type, or garbage: never a reason to stop the read model.
            LOG.warnf("Skipping an undecodable record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.reason());
            return null;
        }
    }
}
