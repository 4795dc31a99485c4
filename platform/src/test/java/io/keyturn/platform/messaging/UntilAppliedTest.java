package io.keyturn.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilAppliedTest {

    @Test
    void retriesAFailingHandlerUntilItApplies() {
        AtomicInteger calls = new AtomicInteger();

        UntilApplied.run("rotation.confirmed 1", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("database call failed (SQL state 08006)");
            }
        });

        assertThat(calls).hasValue(3);
    }

    @Test
    void aStoppingServiceGetsTheFailureInsteadOfWaitingForever() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> UntilApplied.run("rotation.issued 2", () -> {
                throw new IllegalStateException("database away");
            })).isInstanceOf(IllegalStateException.class).hasMessage("database away");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aConsumerToldToStopGetsTheFailureInsteadOfAnotherAttempt() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> UntilApplied.run("profile.published 3", () -> calls.get() >= 2, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("database away");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database away");

        assertThat(calls).as("retried until the flag was up, then no more").hasValue(2);
    }
}
