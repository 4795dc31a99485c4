package io.keyturn.delivery.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriterQueueTest {

    @Test
    void refusesAnItemBeyondItsCapacityAndTakesOneAgainOnceAnItemIsTaken() throws InterruptedException {
        WriterQueue<String> queue = new WriterQueue<>(3);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isTrue();
        assertThat(queue.offer("c")).isTrue();
        assertThat(queue.offer("d")).isFalse();
        assertThat(queue.size()).isEqualTo(3);

        assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("a");
        assertThat(queue.offer("e")).isTrue();
        assertThat(queue.offer("f")).isFalse();

        List<String> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained, 10)).isEqualTo(3);
        assertThat(drained).containsExactly("b", "c", "e");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.size()).isZero();
    }

    @Test
    void drainsAtMostWhatItIsAskedForOldestFirst() {
        WriterQueue<Integer> queue = new WriterQueue<>(100);
        for (int i = 0; i < 10; i++) {
            queue.offer(i);
        }
        List<Integer> batch = new ArrayList<>();
        assertThat(queue.drainTo(batch, 4)).isEqualTo(4);
        assertThat(batch).containsExactly(0, 1, 2, 3);
        assertThat(queue.size()).isEqualTo(6);
        assertThat(queue.drainTo(batch, 0)).isZero();
    }

    @Test
    void aPollOfAnEmptyQueueReturnsNullOnceItsTimeIsUp() throws InterruptedException {
        WriterQueue<String> queue = new WriterQueue<>(4);
        long t0 = System.nanoTime();
        assertThat(queue.poll(30, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void anAddWakesAWaitingTakerLongBeforeItsTimeout() throws Exception {
        WriterQueue<String> queue = new WriterQueue<>(4);
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            polling.countDown();
            try {
                return queue.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        polling.await();
        Thread.sleep(50);
        queue.offer("wake");
        // Without the wake-up the taker would sleep out its 60 s.
        assertThat(taken.get(20, TimeUnit.SECONDS)).isEqualTo("wake");
    }

    @Test
    void aWaitingTakerStopsWhenInterrupted() throws Exception {
        WriterQueue<String> queue = new WriterQueue<>(4);
        AtomicInteger outcome = new AtomicInteger();
        Thread taker = new Thread(() -> {
            try {
                queue.poll(60, TimeUnit.SECONDS);
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        taker.start();
        Thread.sleep(50);
        taker.interrupt();
        taker.join(20_000);
        assertThat(outcome.get()).isEqualTo(2);
    }

    @Test
    void manyAddersAndOneTakerLoseNothingAndKeepEachAddersOrder() throws Exception {
        int adders = 4;
        int each = 50_000;
        WriterQueue<long[]> queue = new WriterQueue<>(1_000);
        ExecutorService pool = Executors.newFixedThreadPool(adders);
        try {
            List<Future<Integer>> refused = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                int adder = a;
                refused.add(pool.submit(() -> {
                    int dropped = 0;
                    for (int i = 0; i < each; i++) {
                        // A full queue refuses: retry, as the test wants every item through.
                        while (!queue.offer(new long[] {adder, i})) {
                            dropped++;
                            Thread.onSpinWait();
                        }
                    }
                    return dropped;
                }));
            }
            int[] next = new int[adders];
            int taken = 0;
            List<long[]> batch = new ArrayList<>();
            while (taken < adders * each) {
                long[] first = queue.poll(20, TimeUnit.SECONDS);
                assertThat(first).as("an item within 20 s (taken %d)", taken).isNotNull();
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, 99);
                for (long[] item : batch) {
                    int adder = (int) item[0];
                    assertThat(item[1]).as("adder %d's order", adder).isEqualTo(next[adder]);
                    next[adder]++;
                    taken++;
                }
                assertThat(queue.size()).isLessThanOrEqualTo(1_000);
            }
            for (Future<Integer> f : refused) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(next).containsOnly(each);
            assertThat(queue.isEmpty()).isTrue();
            assertThat(queue.size()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAddersNeverPutMoreThanTheCapacityIn() throws Exception {
        WriterQueue<Integer> queue = new WriterQueue<>(500);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger accepted = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < 4; a++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (queue.offer(i)) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(accepted.get()).isEqualTo(500);
            assertThat(queue.drainTo(new ArrayList<>(), Integer.MAX_VALUE)).isEqualTo(500);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesANullItemAndANonPositiveCapacity() {
        assertThatThrownBy(() -> new WriterQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriterQueue<String>(1).offer(null)).isInstanceOf(NullPointerException.class);
    }
}
