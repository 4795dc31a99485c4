package io.keyturn.delivery.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import io.keyturn.delivery.config.DeliveryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * The files delivery serves: {@code published_file} behind a cache bounded by bytes.
 *
 * <p>A lookup answers from memory when it can, so serving a cached file (or a cached miss) costs no query. On a
 * cache miss the row is read on a lookup thread and the caller gets a stage that completes then; the serving
 * threads never block. At start the cache is warmed with the newest live files up to its bound.
 *
 * <p>Replicas share the table, not the Kafka partitions: only one replica of the consumer group applies a given
 * event. So every replica follows the table itself: each change takes a revision from one sequence under an
 * advisory lock (see {@link FileRepository}), and every {@code refresh-interval} a replica reads the rows with a
 * revision above the last it saw and puts them into its cache. A replica therefore serves a change within about
 * that interval, and the one that applied the event serves it at once.
 */
@ApplicationScoped
public class FileStore {

    private static final Logger LOG = Logger.getLogger(FileStore.class);
    private static final int FEED_BATCH = 1000;
    /**
     * One read from memory in this many is recorded for the eviction policy (its frequency sketch and its LRU orders);
     * the rest read the entry quietly. Recording every read filled Caffeine's read buffers at every 16th read or so,
     * and each full buffer handed a drain task to a lookup thread: at a keep-alive peak that thread took 3.4-3.6 % of
     * the service's CPU, and the event loops woke it thousands of times a second. Recording one in 16 took it to
     * 0.9 % (bench, per-thread CPU). A sample keeps the policy's view of which files are hot: a file fetched often is
     * recorded often, and the sketch compares frequencies, which a sample scales alike.
     */
    static final int RECORDED_READ_ONE_IN = 16;

    private final FileRepository repository;
    private final DeliveryConfig.Cache config;
    private final AsyncCache<String, StoredFile> cache;
    private final Policy<String, StoredFile> policy;
    private final LongAdder sampledHits = new LongAdder();
    private final LongAdder sampledMisses = new LongAdder();
    private final ExecutorService lookups;
    private final ScheduledExecutorService feed;
    private final AtomicLong seenRevision = new AtomicLong();
    private volatile boolean feedFailing;

    @Inject
    public FileStore(FileRepository repository, DeliveryConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.config = config.cache();
        AtomicInteger threads = new AtomicInteger();
        this.lookups = Executors.newFixedThreadPool(this.config.lookupThreads(), r -> {
            Thread t = new Thread(r, "delivery-store-lookup-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.feed = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delivery-store-feed");
            t.setDaemon(true);
            return t;
        });
        this.cache = Caffeine.newBuilder()
                .maximumWeight(this.config.maxBytes())
                .weigher((String path, StoredFile file) -> file.weight())
                .executor(lookups)
                .buildAsync();
        this.policy = cache.synchronous().policy();
        registry.gauge("keyturn.delivery.cache.entries", cache, c -> c.synchronous().estimatedSize());
        registry.gauge("keyturn.delivery.cache.hit.ratio", this, FileStore::sampledHitRatio);
        registry.gauge("keyturn.delivery.store.revision", seenRevision);
    }

    /** Warms the cache and starts following the table, before the listeners open. */
    void start(@Observes @Priority(10) StartupEvent event) {
        long start = repository.maxRevision();
        seenRevision.set(start);
        long[] budget = {config.maxBytes() * 9 / 10};
        int[] count = {0};
        repository.forEachLiveNewestFirst(live -> {
            if (live.weight() > budget[0]) {
                return false;
            }
            budget[0] -= live.weight();
            count[0]++;
            put(live);
            return true;
        });
        LOG.infof("File store warmed with %d files up to revision %d", count[0], start);
        long every = Math.max(50, config.refreshInterval().toMillis());
        feed.scheduleWithFixedDelay(this::follow, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        feed.shutdownNow();
        lookups.shutdownNow();
    }

    /**
     * What is at {@code path}. The stage is already complete when the answer was in memory; otherwise it completes
     * on a lookup thread, or fails with {@link StoreException} if the table cannot be read.
     */
    public CompletableFuture<StoredFile> lookup(String path) {
        return cache.get(path, (key, executor) -> CompletableFuture.supplyAsync(() -> repository.find(key), lookups));
    }

    /** What is at {@code path} if the answer is in memory now (a file, a tombstone or a cached absence), else null. */
    public StoredFile cached(String path) {
        boolean recorded = ThreadLocalRandom.current().nextInt(RECORDED_READ_ONE_IN) == 0;
        if (!recorded) {
            StoredFile quiet = policy.getIfPresentQuietly(path);
            if (quiet != null) {
                return quiet;
            }
        }
        CompletableFuture<StoredFile> entry = cache.getIfPresent(path);
        StoredFile file = entry != null && entry.isDone() && !entry.isCompletedExceptionally() ? entry.join() : null;
        // Counted for the reads drawn to be recorded only, hits and misses alike: a fair sample of all reads (a quiet
        // read that misses comes here too, and is not counted).
        if (recorded) {
            if (file != null) {
                sampledHits.increment();
            } else {
                sampledMisses.increment();
            }
        }
        return file;
    }

    /** Puts a changed row into this replica's cache at once (the replica that applied the event). */
    public void changed(StoredFile file) {
        put(file);
    }

    /** Reads the rows changed since the last call into the cache; runs on the feed thread. */
    void follow() {
        try {
            List<StoredFile> rows;
            do {
                rows = repository.changesAfter(seenRevision.get(), FEED_BATCH);
                for (StoredFile row : rows) {
                    put(row);
                    seenRevision.accumulateAndGet(row.revision(), Math::max);
                }
            } while (rows.size() == FEED_BATCH);
            if (feedFailing) {
                LOG.info("File store feed reads the table again");
                feedFailing = false;
            }
        } catch (RuntimeException e) {
            if (!feedFailing) {
                LOG.warnf("File store feed cannot read the table, serving what is cached: %s", e.getMessage());
            }
            feedFailing = true;
        }
    }

    /** The share of reads answered from memory, from the sample that is recorded (NaN before the first). */
    double sampledHitRatio() {
        long hits = sampledHits.sum();
        long total = hits + sampledMisses.sum();
        return total == 0 ? Double.NaN : (double) hits / total;
    }

    /** The last revision this replica has applied from the table. */
    public long seenRevision() {
        return seenRevision.get();
    }

    /** Keeps the entry with the higher revision, so a late answer never replaces a newer one. */
    private void put(StoredFile file) {
        cache.asMap().compute(file.path(), (path, old) -> {
            if (old != null && old.isDone() && !old.isCompletedExceptionally()
                    && old.join().revision() >= file.revision()) {
                return old;
            }
            return CompletableFuture.completedFuture(file);
        });
    }
}
