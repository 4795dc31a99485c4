package io.keyturn.delivery.fetch;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventIds;
import io.keyturn.events.EventContractException;
import io.keyturn.events.EventData;
import io.keyturn.events.Sources;
import io.keyturn.platform.outbox.OutboxRelay;
import io.keyturn.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The fetch log: every fetch, denial and retired-path hit becomes a {@code keyturn.deliveries} event through the
 * outbox.
 *
 * <p>Serving threads never touch the database: {@link #record} builds the event (its checks, id and JSON) on the
 * calling thread, puts the encoded event on a bounded in-memory queue and returns. One writer thread takes whatever
 * has queued (up to {@code batch-size}) and appends it to the outbox in one transaction, as compressed bundle rows
 * ({@link OutboxWriter#bundle}), so a burst of N fetches costs one commit rather than N, and a slow database slows the
 * log, not the devices. It writes at most once per {@code linger}: without it a steady flow made a commit of a few
 * dozen events after another, and at 15,000 fetches/s the writer and its PostgreSQL backend took 0.6 of a core
 * between them, enough to starve serving on two cores. A light stream waits longer, for {@code linger-events} or
 * {@code max-linger}, and each write wakes the outbox relay, which then publishes it at once rather than at its next
 * look.
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

    private final OutboxWriter outbox;
    private final BlockingQueue<OutboxWriter.Encoded> queue;
    private final int batchSize;
    private final long lingerNanos;
    private final long maxLingerNanos;
    private final int lingerEvents;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Counter dropped;
    private final Counter written;
    private final Counter writes;
    private Thread writer;
    private volatile boolean running = true;
    private volatile long lastDropWarning;

    @Inject
    public FetchLog(OutboxWriter outbox, OutboxRelay relay, DeliveryConfig config, MeterRegistry registry,
                    Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.fetchLog().queueCapacity());
        this.batchSize = config.fetchLog().batchSize();
        this.lingerNanos = config.fetchLog().linger().toNanos();
        this.maxLingerNanos = Math.max(lingerNanos, config.fetchLog().maxLinger().toNanos());
        this.lingerEvents = config.fetchLog().lingerEvents();
        this.relay = relay;
        this.dropped = Counter.builder("keyturn.delivery.fetch-log.dropped")
                .description("Delivery events dropped because the fetch log's queue was full").register(registry);
        this.written = Counter.builder("keyturn.delivery.fetch-log.written")
                .description("Delivery events appended to the outbox").register(registry);
        this.writes = Counter.builder("keyturn.delivery.fetch-log.writes")
                .description("Transactions the fetch log appended its events in").register(registry);
        registry.gauge("keyturn.delivery.fetch-log.queued", queue, BlockingQueue::size);
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
                // Bundled: fetch events resemble each other, and as a few compressed rows they cost PostgreSQL a
                // tenth of what they cost as a row each, to write, to relay and to keep for the retention.
                lastWrite = System.nanoTime();
                OutboxWriter.Bundles bundles = outbox.bundle(batch);
                QuarkusTransaction.requiringNew().run(() -> outbox.appendBundles(bundles));
                relay.wake();
                written.increment(batch.size());
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
    }
}
