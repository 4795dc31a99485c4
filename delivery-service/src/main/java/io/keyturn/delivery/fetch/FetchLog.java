package io.keyturn.delivery.fetch;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventIds;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventData;
import io.keyturn.events.Sources;
import io.keyturn.platform.messaging.KafkaClientProperties;
import io.keyturn.platform.outbox.OutboxConfig;
import io.keyturn.platform.outbox.OutboxRelay;
import io.keyturn.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The fetch log: every fetch, denial and retired-path hit becomes a {@code keyturn.deliveries} event, published
 * straight to Kafka, with the outbox as the fallback for what the broker does not acknowledge.
 *
 * <p>Serving threads never touch the database or the broker: {@link #record} builds the event (its checks, id and JSON)
 * on the calling thread, puts the encoded event on a bounded in-memory queue (lock-free, {@link WriterQueue}) and
 * returns. One writer thread takes whatever has queued (up to {@code batch-size}) at most once per {@code linger} (a
 * light stream waits longer, for {@code linger-events} or {@code max-linger}), sends the batch with an idempotent
 * producer and waits up to {@code send-timeout} for the acknowledgements. Events the broker did not acknowledge are
 * appended to the outbox in one transaction, as compressed bundle rows ({@link OutboxWriter#bundle}), and the outbox
 * relay publishes them once the broker is back; for {@code fallback-for} after such a failure, and then until the relay
 * has emptied the outbox, whole batches take that way without trying the broker first, so each device's events still
 * reach the topic in the order they were recorded. Until this, every event went through the outbox: written to
 * PostgreSQL, read back, unpacked and deleted by the relay, which cost 15-20 % of what the service and its PostgreSQL
 * spent per request at a keep-alive peak. The outbox's guarantee is the same either way: a broker outage loses nothing
 * the writer took. An event that timed out may still reach the topic, and then again through the outbox, with the same
 * id: consumers are idempotent (docs/events.md).
 *
 * <p>Why the event is built by the serving thread: built on the writer thread instead, it cost the same CPU in total
 * (the serving thread's data is in its cache, the writer's copy is not), but the writer then woke every linger to
 * build thousands of events at once, taking a core from the event loops for milliseconds at a time; requests queued
 * behind it (p99 at a keep-alive peak 2.6-3.0 ms, against 1.8-2.2 ms now).
 *
 * <p>The price is explicit: events still queued when the process dies are lost (at most what arrived in the last
 * moments), and when the queue is full new events are dropped and counted ({@code keyturn.delivery.fetch-log.dropped}).
 * A lost {@code delivery.fetched} of a chain file delays that generation's confirmation until the device's next
 * resync; the chain invariant keeps every unconfirmed generation served, so no device is stranded by it.
 */
@ApplicationScoped
public class FetchLog {

    private static final Logger LOG = Logger.getLogger(FetchLog.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long DRAIN_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] STRUCTURED = CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final OutboxWriter outbox;
    private final WriterQueue<OutboxWriter.Encoded> queue;
    private final int batchSize;
    private final long lingerNanos;
    private final long maxLingerNanos;
    private final int lingerEvents;
    private final OutboxRelay relay;
    private final Clock clock;
    private final boolean direct;
    private final Duration sendTimeout;
    private final long fallbackNanos;
    private final String compression;
    private final Counter dropped;
    private final Counter written;
    private final Counter writes;
    private final Counter fallback;
    /** The writer thread's producer; null until the first direct send, and again after a failed one. */
    private Producer<String, byte[]> producer;
    /** While {@code System.nanoTime()} is before this, batches go to the outbox without trying the broker. */
    private long directAgainAt;
    /**
     * Whether the outbox may still hold events of this log (at start: from before a restart; after a failure: the
     * failed ones); batches go straight to Kafka only once the relay has emptied it.
     */
    private boolean awaitingDrain = true;
    /** Whether the last word logged was that Kafka failed. */
    private boolean fallingBack;
    private Thread writer;
    private volatile boolean running = true;
    private volatile long lastDropWarning;

    @Inject
    public FetchLog(OutboxWriter outbox, OutboxRelay relay, DeliveryConfig config, OutboxConfig outboxConfig,
                    MeterRegistry registry, Clock clock) {
        // The bean, not its client proxy: record() encodes through it once per fetch (see Gatekeeper's constructor).
        this.outbox = ClientProxy.unwrap(outbox);
        this.clock = clock;
        this.queue = new WriterQueue<>(config.fetchLog().queueCapacity());
        this.batchSize = config.fetchLog().batchSize();
        this.lingerNanos = config.fetchLog().linger().toNanos();
        this.maxLingerNanos = Math.max(lingerNanos, config.fetchLog().maxLinger().toNanos());
        this.lingerEvents = config.fetchLog().lingerEvents();
        this.relay = relay;
        this.direct = config.fetchLog().direct();
        this.sendTimeout = config.fetchLog().sendTimeout();
        this.fallbackNanos = config.fetchLog().fallbackFor().toNanos();
        this.compression = outboxConfig.compression();
        // nanoTime's origin is arbitrary (it may be negative): direct from the start means "from now".
        this.directAgainAt = System.nanoTime();
        this.dropped = Counter.builder("keyturn.delivery.fetch-log.dropped")
                .description("Delivery events dropped because the fetch log's queue was full").register(registry);
        this.written = Counter.builder("keyturn.delivery.fetch-log.written")
                .description("Delivery events published to Kafka or appended to the outbox").register(registry);
        this.writes = Counter.builder("keyturn.delivery.fetch-log.writes")
                .description("Batches the fetch log wrote").register(registry);
        this.fallback = Counter.builder("keyturn.delivery.fetch-log.fallback")
                .description("Delivery events appended to the outbox instead of published straight to Kafka (the broker"
                        + " failed them or a batch before them, or older events still waited in the outbox)")
                .register(registry);
        registry.gauge("keyturn.delivery.fetch-log.queued", queue, WriterQueue::size);
    }

    void start(@Observes StartupEvent event) {
        writer = new Thread(this::run, "delivery-fetch-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes what is queued, then stops the writer. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(10_000);
        }
    }

    /** Queues an event for the outbox; never blocks. Returns {@code false} if the queue was full and it was dropped. */
    public boolean record(EventData data) {
        return record(() -> data);
    }

    /**
     * Builds the event {@code data} makes, timed now, and queues it for the outbox; never blocks. An event whose data
     * breaks the contract (a client can send things no rule foresaw) is dropped and logged without the client's text,
     * never allowed to break the answer.
     *
     * @return {@code false} if the queue was full and the event was dropped
     */
    public boolean record(Supplier<? extends EventData> data) {
        OutboxWriter.Encoded event;
        try {
            event = outbox.encode(CloudEvent.of(EventIds.next(), Sources.DELIVERY_SERVICE, clock.instant(), data.get()));
        } catch (EventContractException e) {
            LOG.warnf("Dropped a delivery event that breaks the contract: %s", e.getMessage());
            return true;
        }
        boolean queued = queue.offer(event);
        if (!queued) {
            dropped.increment();
            long now = System.currentTimeMillis();
            if (now - lastDropWarning > 10_000) {
                lastDropWarning = now;
                LOG.warn("Fetch log queue is full: delivery events are being dropped (see"
                        + " keyturn.delivery.fetch-log.dropped)");
            }
        }
        return queued;
    }

    /**
     * Lets events gather before a write: until a linger has passed since the last write, and then until
     * {@code linger-events} have queued or the first of them has waited {@code max-linger}. A busy log, whose writes
     * take longer than a linger and bring back more than enough events, never waits; a full batch, or a stop, ends
     * the wait at once.
     */
    private void gather(long lastWrite, long firstAt) throws InterruptedException {
        long earliest = lastWrite + lingerNanos;
        long latest = Math.max(earliest, firstAt + maxLingerNanos);
        while (running) {
            int waiting = queue.size() + 1;
            if (waiting >= batchSize) {
                return;
            }
            long now = System.nanoTime();
            long next;
            if (now - earliest < 0) {
                next = earliest;
            } else if (waiting >= lingerEvents || now - latest >= 0) {
                return;
            } else {
                // Looked at once a linger: the queue's size is all that is read, so this costs nothing noticeable.
                long step = Math.max(lingerNanos, 1_000_000);
                next = now + step - latest < 0 ? now + step : latest;
            }
            TimeUnit.NANOSECONDS.sleep(next - now);
        }
    }

    private void run() {
        List<OutboxWriter.Encoded> batch = new ArrayList<>(batchSize);
        long backoff = 100;
        long lastWrite = System.nanoTime() - lingerNanos;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    OutboxWriter.Encoded first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    gather(lastWrite, System.nanoTime());
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                lastWrite = System.nanoTime();
                if (direct && awaitingDrain && lastWrite - directAgainAt >= 0) {
                    // Straight to Kafka only once the relay has published what an outage (or a previous run) left in
                    // the outbox, so that no device's new event overtakes an older one still waiting there.
                    if (relay.drained()) {
                        awaitingDrain = false;
                    } else {
                        directAgainAt = lastWrite + DRAIN_RECHECK_NANOS;
                    }
                }
                if (direct && lastWrite - directAgainAt >= 0) {
                    List<OutboxWriter.Encoded> left = publish(batch);
                    written.increment(batch.size() - left.size());
                    // Only what the broker did not take is left, so a failed outbox write below retries just that.
                    batch.clear();
                    batch.addAll(left);
                }
                if (!batch.isEmpty()) {
                    // Bundled: fetch events resemble each other, and as a few compressed rows they cost PostgreSQL a
                    // tenth of what they cost as a row each, to write, to relay and to keep for the retention.
                    OutboxWriter.Bundles bundles = outbox.bundle(batch);
                    QuarkusTransaction.requiringNew().run(() -> outbox.appendBundles(bundles));
                    relay.wake();
                    written.increment(batch.size());
                    if (direct) {
                        fallback.increment(batch.size());
                    }
                }
                writes.increment();
                batch.clear();
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    LOG.warnf("Fetch log stopped with %d events unwritten: %s", batch.size() + queue.size(),
                            e.getMessage());
                    return;
                }
                LOG.warnf("Fetch log could not write %d events to the outbox, retrying in %d ms: %s", batch.size(),
                        backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        closeProducer(Duration.ofSeconds(5));
    }

    /**
     * Sends {@code batch} to Kafka and waits up to {@code send-timeout} for the broker; returns the events it did not
     * acknowledge, in order (empty when it took them all). After a failure the producer is closed, which fails what it
     * still holds, and the next {@code fallback-for} of batches go to the outbox.
     */
    private List<OutboxWriter.Encoded> publish(List<OutboxWriter.Encoded> batch) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        List<OutboxWriter.Encoded> left = new ArrayList<>();
        String failure = null;
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            Producer<String, byte[]> p = producer();
            for (OutboxWriter.Encoded event : batch) {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(event.topic(), event.subject(), event.json());
                record.headers().add(CloudEventCodec.CONTENT_TYPE_HEADER, STRUCTURED);
                Future<RecordMetadata> send = p.send(record);
                sends.add(send);
                // Without the broker, each send waits for the topic's metadata (max.block.ms) and then fails: stop at
                // the first such failure, or at the deadline, instead of paying that wait once per event.
                if ((send.isDone() && failed(send)) || System.nanoTime() - deadline > 0) {
                    break;
                }
            }
        } catch (KafkaException e) {
            failure = e.toString();
        }
        for (int i = 0; i < batch.size(); i++) {
            if (i >= sends.size()) {
                left.add(batch.get(i));
                continue;
            }
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Stopping: what is not acknowledged yet goes to the outbox, as after a failure.
                Thread.currentThread().interrupt();
                left.add(batch.get(i));
                failure = failure == null ? "interrupted" : failure;
            } catch (ExecutionException | TimeoutException e) {
                left.add(batch.get(i));
                failure = failure == null ? String.valueOf(e.getCause() == null ? e : e.getCause()) : failure;
            }
        }
        if (left.isEmpty()) {
            if (fallingBack) {
                fallingBack = false;
                LOG.info("Fetch log: Kafka acknowledges again; events go straight to it");
            }
            return left;
        }
        closeProducer(Duration.ZERO);
        directAgainAt = System.nanoTime() + fallbackNanos;
        awaitingDrain = true;
        if (!fallingBack) {
            fallingBack = true;
            LOG.warnf("Fetch log: Kafka did not acknowledge %d of %d events within %s (%s); they and the events of"
                    + " the next %s go through the outbox", left.size(), batch.size(), sendTimeout, failure,
                    Duration.ofNanos(fallbackNanos));
        }
        return left;
    }

    private static boolean failed(Future<RecordMetadata> done) {
        try {
            done.get();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = KafkaClientProperties.reliableProducer("fetch-log", sendTimeout, compression);
            // A batch is handed over at once: a moment's linger and large batches make it a few requests, not one
            // per 16 KiB.
            props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debugf("Fetch log producer did not close cleanly: %s", e.toString());
            }
            producer = null;
        }
    }
}
