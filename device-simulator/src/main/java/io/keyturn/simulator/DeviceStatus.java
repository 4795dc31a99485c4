package io.keyturn.simulator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one unit for the runner: power and network state, what it holds (GPP_A, GPP_B and
 * Profile_Rule: in the keyturn chain, the key and directory of the generation it is on), how its last
 * resync went, and its counters. The device does not know its generation; a runner maps the
 * {@link #keyFingerprint()} or the directory to one.
 *
 * <p>{@link #toString()} never shows GPP_A, which holds a key in the SEC-PRV flows.
 *
 * @param gppA GPP_A as held: a secret in the chain flows
 * @param keyFingerprint the {@code ProfileKey} fingerprint of the {@code --key} that opened the last
 *     file applied, if that file was encrypted: comparable with the events' key fingerprints
 * @param lastSuccessfulUrl the last URL whose file was applied
 * @param nextResyncAt when the resync timer fires next (boot delay, periodic or retry), if set
 */
public record DeviceStatus(String mac, boolean powered, boolean online, String gppA, String gppB,
        String profileRule, Optional<ResyncResult> lastResult, int consecutiveFailures,
        Optional<String> lastSuccessfulUrl, Optional<Instant> lastSuccessAt, Optional<String> keyFingerprint,
        Optional<Instant> nextResyncAt, Optional<ResyncReason> nextResyncReason, ResyncCounts counts) {

    public DeviceStatus {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(gppA, "gppA");
        Objects.requireNonNull(gppB, "gppB");
        Objects.requireNonNull(profileRule, "profileRule");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(lastSuccessfulUrl, "lastSuccessfulUrl");
        Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(nextResyncAt, "nextResyncAt");
        Objects.requireNonNull(nextResyncReason, "nextResyncReason");
        Objects.requireNonNull(counts, "counts");
    }

    /** Whether the last resync failed: the unit is retrying. */
    public boolean failing() {
        return consecutiveFailures > 0;
    }

    /** Everything but GPP_A and the rule text (which may hold a literal key). */
    @Override
    public String toString() {
        return "DeviceStatus[mac=" + mac + ", powered=" + powered + ", online=" + online + ", gppB=" + gppB
                + ", key=" + keyFingerprint.orElse("none") + ", last=" + lastResult.map(r -> r.outcome().name())
                .orElse("none") + ", failures=" + consecutiveFailures + ", lastUrl=" + lastSuccessfulUrl.orElse("none")
                + ", next=" + nextResyncAt.map(Instant::toString).orElse("none") + ", " + counts + "]";
    }
}
