package io.keyturn.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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
    void answersWhatTheWorkReturnsOnceItSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String answer = UntilApplied.get("a batch of 3 fetches", () -> {
            if (calls.incrementAndGet() < 2) {
                throw new IllegalStateException("connection refused");
            }
            return "confirming";
        });

        assertThat(answer).isEqualTo("confirming");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aBatchThatAppliesIsNotAppliedAgainOneByOne() {
        List<String> applied = new ArrayList<>();

        UntilApplied.batchElseEach(List.of("a", "b", "c"), applied::addAll, e -> e, e -> applied.add("one " + e));

        assertThat(applied).containsExactly("a", "b", "c");
    }

    @Test
    void aFailedBatchIsAppliedOneByOneInOrderEachUntilItApplies() {
        List<String> applied = new ArrayList<>();
        AtomicInteger attemptsOfB = new AtomicInteger();

        UntilApplied.batchElseEach(List.of("a", "b", "c"), batch -> {
            throw new IllegalStateException("deadlock detected");
        }, e -> "event " + e, e -> {
            if (e.equals("b") && attemptsOfB.incrementAndGet() < 2) {
                throw new IllegalStateException("database away");
            }
            applied.add(e);
        });

        assertThat(applied).containsExactly("a", "b", "c");
        assertThat(attemptsOfB).hasValue(2);
    }

    @Test
    void anEmptyBatchAppliesNothing() {
        AtomicInteger calls = new AtomicInteger();

        UntilApplied.batchElseEach(List.<String>of(), batch -> calls.incrementAndGet(), e -> e,
                e -> calls.incrementAndGet());

        assertThat(calls).hasValue(0);
    }
}
