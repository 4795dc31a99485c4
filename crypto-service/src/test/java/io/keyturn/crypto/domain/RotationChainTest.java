package io.keyturn.crypto.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.crypto.domain.ChainStep.PublishBootstrap;
import io.keyturn.crypto.domain.ChainStep.PublishChainFile;
import io.keyturn.protocol.crypto.ProfileKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RotationChainTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final ChainPolicy POLICY = ChainPolicy.defaults();

    private final RotationChain chain = RotationChain.start("000e08aabbcc", true);

    private Generation issue(UUID request) {
        return chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", request, null, POLICY, NOW);
    }

    /** Runs every step; returns the steps and the announced generations. */
    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (var step = chain.nextStep(); step.isPresent(); step = chain.nextStep()) {
            out.add(step.get());
            OptionalLong announced = chain.completed(step.get(), NOW);
            announced.ifPresent(g -> out.add("announce " + g));
        }
        return out;
    }

    @Test
    void registrationPublishesGenerationOneThenTheBootstrap() {
        issue(null);
        assertThat(drain()).containsExactly(new PublishChainFile(1, 1), new PublishBootstrap(1), "announce 1");
        assertThat(chain.head()).isEqualTo(1);
        assertThat(chain.confirmed()).isZero();
    }

    @Test
    void rotationPublishesTheNewFileBeforeRepointingTheOlderOnes() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        assertThat(drain()).containsExactly(new PublishChainFile(2, 2), new PublishChainFile(1, 2),
                new PublishBootstrap(2), "announce 2");
        assertThat(chain.generation(1).orElseThrow().target()).isEqualTo(2);
    }

    @Test
    void confirmationRetiresEveryOlderGenerationAndDisarmsTheBootstrap() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        drain();
        Confirmation confirmation = chain.confirm(2, POLICY, NOW);
        assertThat(confirmation.retired()).extracting(Generation::number).containsExactly(1L);
        assertThat(confirmation.bootstrapWithdrawn()).isEqualTo(2);
        assertThat(chain.generation(1).orElseThrow().state()).isEqualTo(GenerationState.DESTROYED);
        assertThat(chain.generation(1).orElseThrow().key()).isNull();
        assertThat(chain.generation(2).orElseThrow().state()).isEqualTo(GenerationState.CONFIRMED);
        assertThat(chain.bootstrapArmed()).isFalse();
        assertThat(chain.nextStep()).isEmpty();
    }

    @Test
    void replayedOrOlderConfirmationsChangeNothing() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        drain();
        chain.confirm(2, POLICY, NOW);
        assertThat(chain.confirm(2, POLICY, NOW).changed()).isFalse();
        assertThat(chain.confirm(1, POLICY, NOW).changed()).isFalse();
        assertThat(chain.confirmed()).isEqualTo(2);
    }

    @Test
    void confirmationOfAGenerationNeverPublishedChangesNothing() {
        issue(null);
        assertThat(chain.confirm(1, POLICY, NOW).changed()).isFalse();
        assertThat(chain.confirm(7, POLICY, NOW).changed()).isFalse();
    }

    @Test
    void aReplayedRequestReturnsTheGenerationItIssued() {
        issue(null);
        UUID request = UUID.randomUUID();
        Generation first = issue(request);
        assertThat(issue(request)).isSameAs(first);
        assertThat(chain.newest()).isEqualTo(2);
    }

    @Test
    void refusesToIssueBeyondTheUnconfirmedBacklog() {
        issue(null);
        issue(UUID.randomUUID());
        issue(UUID.randomUUID());
        assertThatThrownBy(() -> issue(UUID.randomUUID())).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.reason()).isEqualTo(ChainException.Reason.UNCONFIRMED_BACKLOG));
    }

    @Test
    void keysOfRetiredGenerationsAreDestroyedAfterTheGracePeriod() {
        ChainPolicy graceful = new ChainPolicy(3, Duration.ofHours(1));
        chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", null, null, graceful, NOW);
        drain();
        chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", UUID.randomUUID(), null, graceful, NOW);
        drain();
        chain.confirm(2, graceful, NOW);
        assertThat(chain.generation(1).orElseThrow().state()).isEqualTo(GenerationState.RETIRED);
        assertThat(chain.destroyDue(NOW.plusSeconds(60))).isEmpty();
        assertThat(chain.destroyDue(NOW.plus(Duration.ofHours(1)))).extracting(Generation::number).containsExactly(1L);
        assertThat(chain.generation(1).orElseThrow().key()).isNull();
    }

    @Test
    void aRerenderRepublishesEveryLiveFileNewestFirst() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        drain();
        chain.rerender();
        assertThat(drain()).containsExactly(new PublishChainFile(2, 2), new PublishChainFile(1, 2),
                new PublishBootstrap(2));
    }

    @Test
    void decommissionWithdrawsEveryFileDestroysEveryKeyAndRefusesRotations() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        drain();
        List<Withdrawal> withdrawals = chain.decommission(NOW);
        assertThat(withdrawals).extracting(Withdrawal::bootstrap).containsExactly(false, false, true);
        assertThat(chain.generations()).allSatisfy(g -> assertThat(g.key()).isNull());
        assertThat(chain.decommission(NOW)).isEmpty();
        assertThatThrownBy(() -> issue(UUID.randomUUID())).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.reason()).isEqualTo(ChainException.Reason.DEVICE_DECOMMISSIONED));
        assertThat(chain.nextStep()).isEmpty();
    }

    @Test
    void aStepReportedForAGenerationAlreadyRetiredChangesNothing() {
        issue(null);
        drain();
        issue(UUID.randomUUID());
        drain();
        chain.confirm(2, POLICY, NOW);
        assertThat(chain.completed(new PublishChainFile(1, 2), NOW)).isEmpty();
        assertThat(chain.generation(1).orElseThrow().hasFile()).isFalse();
    }

    @Test
    void aReArmedBootstrapIsPublishedAgainLeadingToTheHead() {
        issue(null);
        drain();
        chain.confirm(1, POLICY, NOW);
        chain.rearmBootstrap();
        assertThat(drain()).containsExactly(new PublishBootstrap(1));
    }

    @Test
    void generationToStringHidesKeyAndDirectory() {
        Generation g = issue(null);
        assertThat(g.toString()).doesNotContain(g.key().reveal()).doesNotContain(g.directory());
    }
}
