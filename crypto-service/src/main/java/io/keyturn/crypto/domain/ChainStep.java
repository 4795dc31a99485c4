package io.keyturn.crypto.domain;

/**
 * One file the chain needs published or withdrawn next. {@link RotationChain#nextStep()} hands them out in the
 * only safe order: a generation's own file before any file leads to it.
 */
public sealed interface ChainStep {

    /**
     * Publish the file at {@code generation}'s directory, encrypted with its key, leading to {@code target}'s key
     * and directory ({@code target == generation} for a generation's own, steady file).
     */
    record PublishChainFile(long generation, long target) implements ChainStep {
    }

    /** Publish the staging-key bootstrap file leading to {@code target}. */
    record PublishBootstrap(long target) implements ChainStep {
    }

    /** Withdraw the staging-key bootstrap file that led to {@code target}: disarmed, or no longer wanted. */
    record WithdrawBootstrap(long target, boolean disarmed) implements ChainStep {
    }
}
