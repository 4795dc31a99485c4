package io.keyturn.delivery.fetch;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.Sources;
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
import org.jboss.logging.Logger;

/**
 * The fetch log: every fetch, denial and retired-path hit becomes a {@code keyturn.deliveries} event through the
 * outbox.
 *
 * <p>Serving threads never touch the database: {@link #record} puts the event on a bounded in-memory queue and
 * returns. One writer thread takes whatever has queued (up to {@code batch-size}) and appends it to the outbox in
 * one transaction, so a burst of N fetches costs one commit rather than N, and a slow database slows the log, not
 * the devices. The price is explicit: events still queued when the process dies are lost (at most what arrived
 * in the last moments), and when the queue is full new events are dropped and counted
 * ({@code keyturn.delivery.fetch-log.dropped}). A lost {@code delivery.fetched} of a chain file delays that
 * generation's confirmation until the device's next resync; the chain invariant keeps every unconfirmed
 * generation served, so no device is stranded by it.
 */
@ApplicationScoped
public class FetchLog {

    private static final Logger LOG = Logger.getLogger(FetchLog.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final OutboxWriter outbox;
    private final BlockingQueue<CloudEvent<?>> queue;
    private final int batchSize;
    private final Clock clock;
    private final Counter dropped;
    private final Counter written;
    private Thread writer;
    private volatile boolean running = true;
    private volatile long lastDropWarning;

    @Inject
    public FetchLog(OutboxWriter outbox, DeliveryConfig config, MeterRegistry registry, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.fetchLog().queueCapacity());
        this.batchSize = config.fetchLog().batchSize();
        this.dropped = Counter.builder("keyturn.delivery.fetch-log.dropped")
                .description("Delivery events dropped because the fetch log's queue was full").register(registry);
        this.written = Counter.builder("keyturn.delivery.fetch-log.written")
                .description("Delivery events appended to the outbox").register(registry);
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
        boolean queued = queue.offer(CloudEvent.of(Sources.DELIVERY_SERVICE, data, clock));
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

    private void run() {
        List<CloudEvent<?>> batch = new ArrayList<>(batchSize);
        long backoff = 100;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    CloudEvent<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                QuarkusTransaction.requiringNew().run(() -> outbox.appendAll(batch));
                written.increment(batch.size());
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
