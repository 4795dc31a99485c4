package io.keyturn.delivery.fetch;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue between many threads that add and one that takes: the fetch log's serving threads and its writer.
 * Adding never blocks and takes no lock.
 *
 * <p>Why not {@code ArrayBlockingQueue}: every add took its one lock, which the writer also held while it drained a
 * batch. At a keep-alive peak the two event loops then queued behind each other and behind the writer, and when the
 * holder lost its core they parked for milliseconds (JFR: parks of 1.7-3.9 ms in {@code offer}, at 30,000 events/s on
 * two cores). Here an add is a compare-and-set on the list's tail and an increment of the count, and the writer, when
 * it finds the queue empty, parks until an add wakes it.
 *
 * @param <T> the items, never null
 */
final class WriterQueue<T> {

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    /** Items added and not yet taken; raised before an item is linked in, so it may briefly read one or two high. */
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;
    /** The taking thread while it waits for an item, else null: an add wakes it. */
    private volatile Thread waiting;

    WriterQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code item} unless the queue holds {@code capacity} items; never blocks. Any thread. */
    boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            return false;
        }
        items.offer(item);
        // Read after the item is linked in; the taker sets this before it looks again, so one of the two sees the
        // other: either the taker finds the item or this wakes it.
        Thread taker = waiting;
        if (taker != null) {
            LockSupport.unpark(taker);
        }
        return true;
    }

    /**
     * The oldest item, waiting up to {@code timeout} for one; null if none came. One taking thread only.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    T poll(long timeout, TimeUnit unit) throws InterruptedException {
        T item = take();
        if (item != null) {
            return item;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        waiting = Thread.currentThread();
        try {
            while ((item = take()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return item;
        } finally {
            waiting = null;
        }
    }

    /** Moves up to {@code max} of the oldest items to {@code to}, in order; returns how many. The taking thread. */
    int drainTo(Collection<? super T> to, int max) {
        int moved = 0;
        T item;
        while (moved < max && (item = take()) != null) {
            to.add(item);
            moved++;
        }
        return moved;
    }

    /** How many items wait (the count of a moment: adds in flight may show in it a little early). */
    int size() {
        return Math.min(capacity, Math.max(0, count.get()));
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    private T take() {
        T item = items.poll();
        if (item != null) {
            count.decrementAndGet();
        }
        return item;
    }
}
