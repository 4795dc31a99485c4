package io.keyturn.registry.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventRecord;
import io.keyturn.platform.messaging.UntilApplied;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Reads {@code keyturn.rotations} and hands each event to {@link RotationEventHandler}. */
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
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        CloudEvent<?> event;
        try {
            event = codec.decode(new EventRecord(record.topic(), record.key(), headers, record.value()));
        } catch (EventContractException e) {
            // Another producer's newer type, or garbage: never a reason to stop the read model.
            LOG.warnf("Skipping an undecodable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.reason());
            return;
        }
        // A failure here is the database being away (the handler refuses nothing else): the partition waits.
        UntilApplied.run(event.type() + " " + event.id(), () -> handler.handle(event));
    }
}
