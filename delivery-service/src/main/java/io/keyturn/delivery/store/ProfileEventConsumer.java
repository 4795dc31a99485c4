package io.keyturn.delivery.store;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventRecord;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Materialises {@code keyturn.profiles} into the file store. Records are handled one at a time in partition order;
 * a record that is not a valid keyturn event is logged (type and id only, never content) and skipped, and an event
 * of another type is ignored. A database failure is retried until it succeeds, so no event is skipped because the
 * database was away: the offset is committed only after the event is applied.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private static final Logger LOG = Logger.getLogger(ProfileEventConsumer.class);
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final CloudEventCodec codec = new CloudEventCodec();
    private final FileRepository repository;
    private final FileStore store;
    private volatile boolean stopping;

    @Inject
    public ProfileEventConsumer(FileRepository repository, FileStore store) {
        this.repository = repository;
        this.store = store;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("profiles")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        CloudEvent<?> event;
        try {
            event = codec.decode(toEventRecord(record));
        } catch (EventContractException e) {
            LOG.warnf("Skipped an undecodable record at %s-%d@%d (type %s): %s", record.topic(), record.partition(),
                    record.offset(), header(record, "ce_type"), e.getMessage());
            return;
        }
        if (!(event.data() instanceof ProfilePublished) && !(event.data() instanceof ProfileWithdrawn)) {
            return;
        }
        long backoff = 100;
        while (true) {
            try {
                repository.apply(event).ifPresent(store::changed);
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                LOG.warnf("Could not apply %s %s, retrying in %d ms: %s", event.type(), event.id(), backoff,
                        e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    static EventRecord toEventRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value()); // the last value of a repeated name wins, as the binding expects
        }
        return new EventRecord(record.topic(), record.key(), headers, record.value());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return "unknown";
        }
        String value = new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
        return value.matches("[a-z0-9.-]{1,80}") ? value : "unprintable";
    }
}
