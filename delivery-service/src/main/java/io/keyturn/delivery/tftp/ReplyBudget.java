package io.keyturn.delivery.tftp;

/**
 * A token bucket for error replies to garbage. A one-byte datagram with a forged source address
 * would otherwise buy a ~25-byte error packet sent to the victim: a reflector. Up to
 * {@code perSecond} replies a second pass (with a burst of as many); the rest are dropped.
 * Confined to one worker thread.
 */
final class ReplyBudget {

    private final long perSecond;
    private double tokens;
    private long refilledAt;

    ReplyBudget(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = System.nanoTime();
    }

    boolean tryAcquire(long now) {
        if (perSecond == 0) {
            return false;
        }
        tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
