package io.keyturn.crypto.messaging;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads keyturn.devices, keyturn.rotations and keyturn.deliveries, decodes each record and hands the events this
 * service acts on to {@link CryptoEventHandler}. A record that does not decode is logged (topic, offset, reason
 * code) and skipped; a handler failure (the database away) is retried with back-off before the record is given up.
 */
@ApplicationScoped
public class CryptoEventConsumer {

    private static final Logger LOG = Logger.getLogger(CryptoEventConsumer.class);
    /** Back-off between attempts doubles from 200 ms up to this. */
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final CryptoEventHandler handler;
    private final CloudEventCodec codec = new CloudEventCodec();

    @Inject
    public CryptoEventConsumer(CryptoEventHandler handler) {
        this.handler = handler;
    }

    @Incoming("devices")
    public void devices(ConsumerRecord<String, byte[]> record) {
        consume(record);
    }

    @Incoming("rotations")
    public void rotations(ConsumerRecord<String, byte[]> record) {
        consume(record);
    }

    @Incoming("deliveries")
    public void deliveries(ConsumerRecord<String, byte[]> record) {
        consume(record);
    }

    private void consume(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event;
        try {
            event = codec.decode(toEventRecord(record));
        } catch (EventContractException e) {
            LOG.warnf("Skipping a record on %s (partition %d, offset %d) that is not a keyturn event: %s",
                    record.topic(), record.partition(), record.offset(), e.reason().code());
            return;
        }
        if (!CryptoEventHandler.handles(event)) {
            return;
        }
        // Never skip an event that failed: its offset would be committed and a registration, rotation or confirmation
        // lost. Failures here are the database or the broker being away (domain refusals become rotation.failed
        // events inside the handler), so the partition waits, loudly, until they are back.
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(event);
                return;
            } catch (RuntimeException e) {
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(attempt, 10));
                if (attempt < 6) {
                    LOG.warnf("Handling %s %s failed (attempt %d), retrying in %d ms: %s", event.type(), event.id(),
                            attempt, backoff, e.getClass().getName());
                } else {
                    LOG.errorf("Handling %s %s still fails (attempt %d), its partition waits; retrying in %d ms: %s",
                            event.type(), event.id(), attempt, backoff, e.getClass().getName());
                }
                if (!sleep(backoff)) {
                    throw e;
                }
            }
        }
    }

    private static EventRecord toEventRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return new EventRecord(record.topic(), record.key(), headers, record.value());
    }

    /** False when interrupted (the application is stopping): the event is then left for redelivery. */
    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
