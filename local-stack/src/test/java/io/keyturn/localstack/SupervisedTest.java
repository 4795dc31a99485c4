package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedTest {

    @TempDir
    Path dir;

    private final AtomicLong pids = new AtomicLong(100);
    private final List<FakeInstance> instances = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void restartsAnInstanceThatDiesAndReportsItsExitCode() throws Exception {
        Supervised component = new Supervised("svc", this::startFake, dir.resolve("hold"), recorder());
        component.start();
        instances.get(0).exit(137);

        await().atMost(Duration.ofSeconds(5)).until(() -> instances.size() == 2);
        assertThat(events).containsExactly("started 100 #0", "exited 137, restart in 1 s, #1", "started 101 #1");
        assertThat(component.pid()).isEqualTo(101);
        assertThat(component.restarts()).isEqualTo(1);
        component.stop(Duration.ofSeconds(1));
    }

    @Test
    void keepsAHeldComponentDownUntilTheHoldFileGoes() throws Exception {
        Path hold = dir.resolve("hold");
        Supervised component = new Supervised("kafka", this::startFake, hold, recorder());
        component.start();
        Files.writeString(hold, "");
        instances.get(0).exit(143);

        Thread.sleep(2_000); // past the 1 s back-off
        assertThat(instances).hasSize(1);
        assertThat(component.pid()).isEqualTo(-1);

        Files.delete(hold);
        await().atMost(Duration.ofSeconds(5)).until(() -> instances.size() == 2);
        component.stop(Duration.ofSeconds(1));
    }

    @Test
    void stopEndsTheInstanceAndNothingIsRestartedAfterwards() throws Exception {
        Supervised component = new Supervised("svc", this::startFake, dir.resolve("hold"), recorder());
        component.start();
        component.stop(Duration.ofSeconds(1));

        assertThat(instances.get(0).stopped).isTrue();
        Thread.sleep(1_500);
        assertThat(instances).hasSize(1);
        assertThat(events).containsExactly("started 100 #0");
    }

    private Supervised.Instance startFake() {
        FakeInstance instance = new FakeInstance(pids.getAndIncrement());
        instances.add(instance);
        return instance;
    }

    private Supervised.Events recorder() {
        return new Supervised.Events() {
            @Override
            public void started(Supervised component, Supervised.Instance instance, int restarts) {
                events.add("started " + instance.pid() + " #" + restarts);
            }

            @Override
            public void exited(Supervised component, OptionalInt code, Duration restartIn, int restarts) {
                events.add("exited " + code.orElse(-1) + ", restart in " + restartIn.toSeconds() + " s, #" + restarts);
            }

            @Override
            public void failedToStart(Supervised component, Exception cause, Duration retryIn) {
                events.add("failed " + cause.getMessage());
            }
        };
    }

    private static final class FakeInstance implements Supervised.Instance {
        private final long pid;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile boolean stopped;

        FakeInstance(long pid) {
            this.pid = pid;
        }

        void exit(int code) {
            exit.complete(code);
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public OptionalInt awaitExit() throws InterruptedException {
            try {
                return OptionalInt.of(exit.get());
            } catch (ExecutionException e) {
                return OptionalInt.empty();
            }
        }

        @Override
        public void stop(Duration grace) {
            stopped = true;
            exit.complete(143);
        }
    }
}
