package io.keyturn.crypto.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyturn.crypto.domain.ChainStep.PublishBootstrap;
import io.keyturn.crypto.domain.ChainStep.PublishChainFile;
import io.keyturn.crypto.domain.ChainStep.WithdrawBootstrap;
import io.keyturn.protocol.crypto.ProfileKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain invariant under random interleavings of rotate, publish, crash, confirm, replay, re-render, re-arm and
 * key destruction. A simulated delivery holds what was handed over (path → which key opens it, where it leads), and
 * a simulated device walks the chain through it. Crashes come in both places a non-atomic executor could die:
 * before a step's file is handed over, and after it is handed over but before the chain records it.
 *
 * <p>Replay a failing case with {@code -Dkeyturn.seed=N}; the seed is in every assertion message.
 */
class RotationChainPropertyTest {

    private static final int CASES = 500;
    private static final int OPERATIONS = 80;
    private static final String MAC = "000e08aabbcc";

    /** What delivery serves at a path: the generation whose key opens it and the generation it leads to. */
    record Served(long key, long target) {
    }

    static Stream<Long> seeds() {
        long base = Long.getLong("keyturn.seed", 20240601L);
        return LongStream.range(0, CASES).mapToObj(i -> base + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noDeviceIsEverStrandedAndNoGenerationIsRetiredEarly(long seed) {
        Random random = new Random(seed);
        ChainPolicy policy = new ChainPolicy(1 + random.nextInt(4),
                random.nextBoolean() ? Duration.ZERO : Duration.ofMinutes(5));
        boolean staging = random.nextBoolean();
        RotationChain chain = RotationChain.start(MAC, staging);
        Map<String, Served> delivery = new HashMap<>();
        List<UUID> requests = new ArrayList<>();
        List<Long> confirmations = new ArrayList<>();
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        long device = 0;
        String context = "seed " + seed;
        chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", null, null, policy, now);

        for (int op = 0; op < OPERATIONS; op++) {
            now = now.plusSeconds(random.nextInt(120));
            int dice = random.nextInt(100);
            String what;
            if (dice < 15) {
                what = "rotate";
                UUID request = !requests.isEmpty() && random.nextInt(4) == 0
                        ? requests.get(random.nextInt(requests.size())) : UUID.randomUUID();
                requests.add(request);
                long before = chain.newest();
                try {
                    Generation g = chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", request, null,
                            policy, now);
                    assertThat(g.number()).as(context).isLessThanOrEqualTo(before + 1);
                } catch (ChainException e) {
                    assertThat(e.reason()).as(context).isEqualTo(ChainException.Reason.UNCONFIRMED_BACKLOG);
                    assertThat(before + 1 - chain.confirmed()).as(context).isGreaterThan(policy.maxUnconfirmed());
                }
            } else if (dice < 55) {
                Optional<ChainStep> step = chain.nextStep();
                int fate = random.nextInt(10);
                what = "step " + step.orElse(null) + (fate == 0 ? " crash-before" : fate == 1 ? " crash-after" : "");
                if (step.isPresent() && fate != 0) {
                    hand(step.get(), chain, delivery);
                    if (fate != 1) {
                        chain.completed(step.get(), now);
                        if (random.nextInt(8) == 0) {
                            chain.completed(step.get(), now); // a duplicate report
                        }
                    }
                }
            } else if (dice < 75) {
                what = "device fetch from " + device;
                if (device == 0) {
                    Served bootstrap = delivery.get(ChainPaths.stagingBootstrap(MAC));
                    if (bootstrap != null) {
                        device = bootstrap.target();
                    } else if (!staging) {
                        // An mTLS bootstrap is rendered on request from the head, if there is one.
                        device = chain.head();
                    }
                } else {
                    Generation held = chain.generation(device).orElseThrow();
                    Served file = delivery.get(held.path());
                    assertThat(file).as(context + ": the device holding " + device + " finds its file").isNotNull();
                    assertThat(file.key()).as(context).isEqualTo(device);
                    withdraw(chain.confirm(device, policy, now), delivery);
                    confirmations.add(device);
                    device = file.target();
                }
            } else if (dice < 82) {
                what = "replayed confirmation";
                if (!confirmations.isEmpty()) {
                    long c = chain.confirmed();
                    Confirmation again = chain.confirm(confirmations.get(random.nextInt(confirmations.size())),
                            policy, now);
                    assertThat(again.changed()).as(context).isFalse();
                    assertThat(chain.confirmed()).as(context).isEqualTo(c);
                }
            } else if (dice < 88) {
                what = "re-render";
                chain.rerender();
            } else if (dice < 92) {
                what = "re-arm";
                chain.rearmBootstrap();
            } else {
                what = "destroy due keys";
                chain.destroyDue(now);
            }
            checkInvariant(chain, delivery, device, policy, context + " after op " + op + " (" + what + ")");
        }
        // Drained without crashes, every live file leads to the head.
        for (Optional<ChainStep> s = chain.nextStep(); s.isPresent(); s = chain.nextStep()) {
            hand(s.get(), chain, delivery);
            chain.completed(s.get(), now);
        }
        long head = chain.head();
        for (Generation g : chain.generations()) {
            if (g.hasFile()) {
                assertThat(delivery.get(g.path()).target()).as(context + ": quiescent file of " + g.number())
                        .isEqualTo(head);
                assertThat(g.target()).as(context).isEqualTo(head);
            }
        }
    }

    /** What an executor does for a step: render it from the chain as it stands and hand it to delivery. */
    private static void hand(ChainStep step, RotationChain chain, Map<String, Served> delivery) {
        if (step instanceof PublishChainFile p) {
            Generation g = chain.generation(p.generation()).orElseThrow();
            assertThat(g.key()).as("a step never needs a destroyed key").isNotNull();
            assertThat(chain.generation(p.target()).orElseThrow().key()).isNotNull();
            if (p.target() != p.generation()) {
                assertThat(delivery).as("a file leads only to a generation whose own file is out")
                        .containsKey(chain.generation(p.target()).orElseThrow().path());
            }
            delivery.put(g.path(), new Served(p.generation(), p.target()));
        } else if (step instanceof PublishBootstrap b) {
            assertThat(delivery).containsKey(chain.generation(b.target()).orElseThrow().path());
            delivery.put(ChainPaths.stagingBootstrap(chain.mac()), new Served(0, b.target()));
        } else if (step instanceof WithdrawBootstrap) {
            delivery.remove(ChainPaths.stagingBootstrap(chain.mac()));
        }
    }

    private static void withdraw(Confirmation confirmation, Map<String, Served> delivery) {
        for (Generation g : confirmation.retired()) {
            delivery.remove(g.path());
        }
        if (confirmation.bootstrapWithdrawn() > 0) {
            delivery.remove(ChainPaths.stagingBootstrap(MAC));
        }
    }

    private static void checkInvariant(RotationChain chain, Map<String, Served> delivery, long device,
            ChainPolicy policy, String context) {
        long c = chain.confirmed();
        long head = chain.head();
        assertThat(chain.newest() - c).as(context + ": backlog").isLessThanOrEqualTo(policy.maxUnconfirmed());
        for (Generation g : chain.generations()) {
            if (g.number() < c) {
                assertThat(g.state()).as(context + ": generation " + g.number() + " below c=" + c)
                        .isIn(GenerationState.RETIRED, GenerationState.DESTROYED);
                assertThat(delivery).as(context + ": retired file withdrawn").doesNotContainKey(g.path());
            } else {
                assertThat(g.state()).as(context + ": generation " + g.number() + " at or above c=" + c)
                        .isIn(GenerationState.ISSUED, GenerationState.PUBLISHED, GenerationState.CONFIRMED);
                assertThat(g.key()).as(context + ": live key kept").isNotNull();
            }
            if (g.state() == GenerationState.DESTROYED) {
                assertThat(g.key()).as(context).isNull();
            }
            if (g.hasFile()) {
                Served file = delivery.get(g.path());
                assertThat(file).as(context + ": live generation " + g.number() + " is served").isNotNull();
                assertThat(file.key()).as(context).isEqualTo(g.number());
                Generation target = chain.generation(file.target()).orElseThrow();
                assertThat(delivery).as(context + ": generation " + g.number() + " leads to a served file")
                        .containsKey(target.path());
                assertThat(file.target()).as(context).isBetween(g.number(), Math.max(head, chain.newest()));
            }
        }
        if (device > 0) {
            assertThat(device).as(context + ": the device holds a generation at or above c").isGreaterThanOrEqualTo(c);
            assertThat(delivery).as(context + ": the device holding " + device + " is not stranded")
                    .containsKey(chain.generation(device).orElseThrow().path());
        }
        for (Map.Entry<String, Served> e : delivery.entrySet()) {
            assertThat(delivery).as(context + ": " + e.getKey() + " leads to a served file")
                    .containsKey(chain.generation(e.getValue().target()).orElseThrow().path());
        }
    }

    @SuppressWarnings("unused")
    private static ChainException refused(Runnable r) {
        return catchThrowableOfType(ChainException.class, r::run);
    }
}
