package io.keyturn.crypto.domain;

import io.keyturn.crypto.domain.ChainStep.PublishBootstrap;
import io.keyturn.crypto.domain.ChainStep.PublishChainFile;
import io.keyturn.crypto.domain.ChainStep.WithdrawBootstrap;
import io.keyturn.protocol.crypto.ProfileKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One device's chain of generations and the state machine that keeps the chain invariant (DESIGN.md beside this
 * package): every live generation from the confirmed one c to the newest published one stays fetchable and leads
 * to the newest, and a generation's own file is published before any file leads to it.
 *
 * <p>Every operation is idempotent: a replayed request id, an old confirmation or a step reported twice changes
 * nothing. Publishing is pulled, not pushed: {@link #nextStep()} says what to publish next and {@link #completed}
 * records that it was, so a crash between the two only makes the same step come out again.
 */
public final class RotationChain {

    private final String mac;
    private final TreeMap<Long, Generation> generations = new TreeMap<>();
    private long confirmed;
    /** Raised by every re-render; a live file rendered under an older revision is published again. */
    private long revision;
    /** The newest generation announced as published (keyturn.rotation.published). */
    private long announced;
    /** Whether this device's bootstrap is a staging-key file that delivery serves. */
    private boolean stagingBootstrap;
    private boolean bootstrapArmed;
    /** The generation the published bootstrap file leads to; 0 while none is published. */
    private long bootstrapTarget;
    private long bootstrapRevision;
    private boolean decommissioned;

    private RotationChain(String mac) {
        this.mac = Objects.requireNonNull(mac, "mac");
    }

    /** The chain of a device just registered: empty, with its bootstrap armed. */
    public static RotationChain start(String mac, boolean stagingBootstrap) {
        RotationChain chain = new RotationChain(mac);
        chain.stagingBootstrap = stagingBootstrap;
        chain.bootstrapArmed = true;
        return chain;
    }

    /** A stored chain, for a repository; every argument as {@link State} returns it. */
    public static RotationChain restore(State state, Collection<Generation> generations) {
        RotationChain chain = new RotationChain(state.mac());
        chain.confirmed = state.confirmed();
        chain.revision = state.revision();
        chain.announced = state.announced();
        chain.stagingBootstrap = state.stagingBootstrap();
        chain.bootstrapArmed = state.bootstrapArmed();
        chain.bootstrapTarget = state.bootstrapTarget();
        chain.bootstrapRevision = state.bootstrapRevision();
        chain.decommissioned = state.decommissioned();
        for (Generation g : generations) {
            chain.generations.put(g.number(), g);
        }
        return chain;
    }

    /** The chain's scalar state, as a repository stores it. */
    public record State(String mac, long confirmed, long revision, long announced, boolean stagingBootstrap,
            boolean bootstrapArmed, long bootstrapTarget, long bootstrapRevision, boolean decommissioned) {
    }

    public State state() {
        return new State(mac, confirmed, revision, announced, stagingBootstrap, bootstrapArmed, bootstrapTarget,
                bootstrapRevision, decommissioned);
    }

    public String mac() {
        return mac;
    }

    /** c: the highest generation the device proved to hold; 0 before its first chain fetch. */
    public long confirmed() {
        return confirmed;
    }

    /** t: the newest generation issued; 0 before the first. */
    public long newest() {
        return generations.isEmpty() ? 0 : generations.lastKey();
    }

    /** The newest generation whose own file is published: where every live file must lead. */
    public long head() {
        long head = 0;
        for (Generation g : generations.values()) {
            if (g.hasFile()) {
                head = g.number();
            }
        }
        return head;
    }

    public long revision() {
        return revision;
    }

    public boolean decommissioned() {
        return decommissioned;
    }

    public boolean bootstrapArmed() {
        return bootstrapArmed;
    }

    public long bootstrapTarget() {
        return bootstrapTarget;
    }

    public boolean stagingBootstrap() {
        return stagingBootstrap;
    }

    /** Every generation, oldest first, as an unmodifiable view. */
    public Collection<Generation> generations() {
        return Collections.unmodifiableCollection(generations.values());
    }

    public Optional<Generation> generation(long number) {
        return Optional.ofNullable(generations.get(number));
    }

    /**
     * Issues the next generation, t+1, with the given key and directory; nothing is fetchable until its steps are
     * published. A request id already issued returns that generation again (a replay).
     *
     * @throws ChainException {@code DEVICE_DECOMMISSIONED}, or {@code UNCONFIRMED_BACKLOG} when t+1-c would
     *     exceed the policy's limit
     */
    public Generation issue(ProfileKey key, String directory, String psn, UUID requestId, String campaignId,
            ChainPolicy policy, Instant now) {
        if (requestId != null) {
            for (Generation g : generations.values()) {
                if (requestId.equals(g.requestId())) {
                    return g;
                }
            }
        }
        requireActive();
        long next = newest() + 1;
        if (next - confirmed > policy.maxUnconfirmed()) {
            throw new ChainException(ChainException.Reason.UNCONFIRMED_BACKLOG, "device " + mac + " has "
                    + (next - 1 - confirmed) + " unconfirmed generations; the limit is " + policy.maxUnconfirmed());
        }
        Generation g = Generation.issue(next, key, directory, psn, requestId, campaignId, now);
        generations.put(next, g);
        return g;
    }

    /**
     * The next file to publish or withdraw, or empty when every live file leads to the head under the current
     * revision. Order: issued generations' own files (oldest first), then the head's own file if stale, then
     * every older live file re-pointed at the head, then the bootstrap.
     */
    public Optional<ChainStep> nextStep() {
        if (decommissioned) {
            return Optional.empty();
        }
        for (Generation g : generations.values()) {
            if (g.state() == GenerationState.ISSUED && g.number() > confirmed) {
                return Optional.of(new PublishChainFile(g.number(), g.number()));
            }
        }
        long head = head();
        if (head == 0) {
            return bootstrapWithdrawal();
        }
        Generation top = generations.get(head);
        if (top.target() != head || top.revision() != revision) {
            return Optional.of(new PublishChainFile(head, head));
        }
        for (Generation g : generations.values()) {
            if (g.number() < head && g.hasFile() && (g.target() != head || g.revision() != revision)) {
                return Optional.of(new PublishChainFile(g.number(), head));
            }
        }
        if (wantsBootstrapFile()) {
            if (bootstrapTarget != head || bootstrapRevision != revision) {
                return Optional.of(new PublishBootstrap(head));
            }
            return Optional.empty();
        }
        return bootstrapWithdrawal();
    }

    private Optional<ChainStep> bootstrapWithdrawal() {
        if (bootstrapTarget > 0 && !wantsBootstrapFile()) {
            return Optional.of(new WithdrawBootstrap(bootstrapTarget, !bootstrapArmed));
        }
        return Optional.empty();
    }

    private boolean wantsBootstrapFile() {
        return stagingBootstrap && bootstrapArmed;
    }

    /**
     * Records that {@code step} was published (or withdrawn). A step that no longer applies (reported twice, or
     * overtaken by a confirmation) changes nothing.
     *
     * @return the generation to announce as published (keyturn.rotation.published) when this step completed the
     *     chain for a head not announced before
     */
    public OptionalLong completed(ChainStep step, Instant now) {
        if (decommissioned) {
            return OptionalLong.empty();
        }
        if (step instanceof PublishChainFile p) {
            Generation g = generations.get(p.generation());
            Generation target = generations.get(p.target());
            boolean targetFetchable = target != null && (p.target() == p.generation()
                    ? target.state() == GenerationState.ISSUED || target.state().isLive() : target.hasFile());
            if (g == null || !targetFetchable || g.number() < confirmed || p.target() < g.target()
                    || !(g.state() == GenerationState.ISSUED || g.state().isLive())) {
                return OptionalLong.empty();
            }
            g.published(p.target(), revision, now);
        } else if (step instanceof PublishBootstrap b) {
            Generation target = generations.get(b.target());
            if (!wantsBootstrapFile() || target == null || !target.hasFile() || b.target() < bootstrapTarget) {
                return OptionalLong.empty();
            }
            bootstrapTarget = b.target();
            bootstrapRevision = revision;
        } else if (step instanceof WithdrawBootstrap w && w.target() >= bootstrapTarget) {
            bootstrapTarget = 0;
        }
        long head = head();
        if (head > announced && nextStep().isEmpty()) {
            announced = head;
            return OptionalLong.of(head);
        }
        return OptionalLong.empty();
    }

    /**
     * The device fetched generation {@code g}'s file, which proves it holds g: g becomes c, every older generation
     * is retired (keys destroyed at once when the policy has no grace period), and the bootstrap is disarmed and
     * its staging-key file withdrawn. A generation at or below c, or one never published, changes nothing.
     */
    public Confirmation confirm(long g, ChainPolicy policy, Instant now) {
        Generation confirmedGeneration = generations.get(g);
        if (decommissioned || g <= confirmed || confirmedGeneration == null || !confirmedGeneration.hasFile()) {
            return Confirmation.NONE;
        }
        confirmed = g;
        confirmedGeneration.confirmed(now);
        List<Generation> retired = new ArrayList<>();
        for (Generation older : generations.headMap(g, false).values()) {
            if (older.state() == GenerationState.RETIRED || older.state() == GenerationState.DESTROYED) {
                continue;
            }
            older.retired(now, now.plus(policy.retirementGrace()));
            if (policy.retirementGrace().isZero()) {
                older.destroyed(now);
            }
            retired.add(older);
        }
        // The bootstrap may lead to a generation just retired, so it goes in the same step. It is withdrawn even when
        // no publication of it was recorded: one may have been handed over just before a crash.
        long bootstrapWithdrawn = bootstrapTarget > 0 || (stagingBootstrap && bootstrapArmed) ? newest() : 0;
        bootstrapArmed = false;
        bootstrapTarget = 0;
        return new Confirmation(g, retired, bootstrapWithdrawn);
    }

    /** Overwrites the keys of retired generations whose grace period has passed; returns them. */
    public List<Generation> destroyDue(Instant now) {
        List<Generation> destroyed = new ArrayList<>();
        for (Generation g : generations.values()) {
            if (g.state() == GenerationState.RETIRED && !g.destroyAfter().isAfter(now)) {
                g.destroyed(now);
                destroyed.add(g);
            }
        }
        return destroyed;
    }

    /** Arms the bootstrap again (an operator re-provisions the device); the next steps publish it. */
    public void rearmBootstrap() {
        requireActive();
        bootstrapArmed = true;
    }

    /** The device's bootstrap mode changed: whether it now has a staging-key bootstrap file. */
    public void stagingBootstrap(boolean staging) {
        this.stagingBootstrap = staging;
    }

    /** Something the files are rendered from changed (templates, parameters): every live file is re-published. */
    public void rerender() {
        revision++;
    }

    /**
     * Crypto-shred: the device left the fleet. Every file is withdrawn and every key destroyed; the chain refuses
     * everything after. A second decommission returns nothing.
     */
    public List<Withdrawal> decommission(Instant now) {
        if (decommissioned) {
            return List.of();
        }
        List<Withdrawal> withdrawals = new ArrayList<>();
        for (Generation g : generations.values()) {
            if (g.hasFile()) {
                withdrawals.add(new Withdrawal(g.path(), false, g.number()));
            }
            if (g.state() != GenerationState.DESTROYED) {
                g.destroyed(now);
            }
        }
        if (bootstrapTarget > 0) {
            withdrawals.add(new Withdrawal(ChainPaths.stagingBootstrap(mac), true, bootstrapTarget));
            bootstrapTarget = 0;
        }
        bootstrapArmed = false;
        decommissioned = true;
        return withdrawals;
    }

    private void requireActive() {
        if (decommissioned) {
            throw new ChainException(ChainException.Reason.DEVICE_DECOMMISSIONED, "device " + mac
                    + " is decommissioned");
        }
    }

    @Override
    public String toString() {
        return "RotationChain[" + mac + ", c=" + confirmed + ", t=" + newest() + ", head=" + head() + "]";
    }
}
