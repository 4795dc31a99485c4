package io.keyturn.delivery.store;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventContractException;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.platform.messaging.KafkaRecords;
import io.keyturn.platform.messaging.UntilApplied;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Materialises {@code keyturn.profiles} into the file store, a poll's records at a time: their events are applied
 * in one transaction, in partition order ({@link FileRepository#applyAll}), and the cache is told of the changed
 * rows once it has committed. A record that is not a valid keyturn event is logged (type and id only, never
 * content) and skipped; an event of another type is ignored. The offsets are committed after the batch is applied.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private static final Logger LOG = Logger.getLogger(ProfileEventConsumer.class);

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
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<CloudEvent<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            CloudEvent<?> event = decode(record);
            if (event != null && (event.data() instanceof ProfilePublished || event.data() instanceof ProfileWithdrawn)) {
                events.add(event);
            }
        }
        // One event may spoil the batch; alone, the others still land. A failure of one alone is the database being
        // away: it is retried until it applies, so no event is skipped (its offset would be committed), unless the
        // service is stopping, when it is left unacknowledged for redelivery. The cache hears of rows once committed.
        UntilApplied.batchElseEach(events, batch -> repository.applyAll(batch).forEach(store::changed),
                e -> e.type() + " " + e.id(), e -> repository.applyAll(List.of(e)).forEach(store::changed),
                () -> stopping);
    }

    /** The event of a record, or null (logged: where it is, its type and id headers) for one that does not decode. */
    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decode(KafkaRecords.toEventRecord(record));
        } catch (EventContractException e) {
            LOG.warnf("Skipped an undecodable record at %s-%d@%d (type %s, id %s): %s", record.topic(),
                    record.partition(), record.offset(), header(record, "ce_type"), header(record, "ce_id"),
                    e.getMessage());
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return "unknown";
        }
        String value = new String(h.value(), StandardCharsets.UTF_8);
        return value.matches("[a-z0-9.-]{1,80}") ? value : "unprintable";
    }
}
