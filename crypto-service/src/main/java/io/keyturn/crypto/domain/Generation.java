package io.keyturn.crypto.domain;

import io.keyturn.events.KeyFingerprint;
import io.keyturn.protocol.crypto.ProfileKey;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One generation of a device's chain: its key, its directory and what the file at that directory currently leads
 * to. Mutated only by {@link RotationChain}; {@link #toString()} never shows the key or the directory, both of
 * which are secrets (a directory is a capability: only a device that decrypted the previous file knows it).
 */
public final class Generation {

    private final long number;
    private final String directory;
    private final String psn;
    private final KeyFingerprint fingerprint;
    private final UUID requestId;
    private final String campaignId;
    private final Instant issuedAt;
    /** Whether this generation was read from a stored row, which holds its key wrapped already. */
    private final boolean stored;
    private ProfileKey key;
    private GenerationState state;
    /** The generation the file at this directory leads to; 0 while no file is published here. */
    private long target;
    /** The render revision of the published file; compared with the chain's to find stale files. */
    private long revision;
    private Instant publishedAt;
    private Instant confirmedAt;
    private Instant retiredAt;
    private Instant destroyAfter;
    private Instant destroyedAt;

    private Generation(Builder b) {
        this.number = b.number;
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.psn = Objects.requireNonNull(b.psn, "psn");
        this.key = b.key;
        this.fingerprint = Objects.requireNonNull(b.fingerprint, "fingerprint");
        this.requestId = b.requestId;
        this.campaignId = b.campaignId;
        this.issuedAt = Objects.requireNonNull(b.issuedAt, "issuedAt");
        this.stored = b.stored;
        this.state = Objects.requireNonNull(b.state, "state");
        this.target = b.target;
        this.revision = b.revision;
        this.publishedAt = b.publishedAt;
        this.confirmedAt = b.confirmedAt;
        this.retiredAt = b.retiredAt;
        this.destroyAfter = b.destroyAfter;
        this.destroyedAt = b.destroyedAt;
        if (key == null && state != GenerationState.DESTROYED) {
            throw new IllegalArgumentException("only a destroyed generation has no key");
        }
    }

    /** A freshly issued generation. */
    static Generation issue(long number, ProfileKey key, String directory, String psn, UUID requestId,
            String campaignId, Instant now) {
        return builder().number(number).key(key).directory(directory).psn(psn)
                .fingerprint(KeyFingerprint.parse(key.fingerprint())).requestId(requestId).campaignId(campaignId)
                .issuedAt(now).state(GenerationState.ISSUED).build();
    }

    /** For a repository rebuilding a stored chain. */
    public static Builder builder() {
        return new Builder();
    }

    public long number() {
        return number;
    }

    public String directory() {
        return directory;
    }

    public String psn() {
        return psn;
    }

    /** The key, or {@code null} once destroyed. */
    public ProfileKey key() {
        return key;
    }

    public KeyFingerprint fingerprint() {
        return fingerprint;
    }

    public UUID requestId() {
        return requestId;
    }

    public String campaignId() {
        return campaignId;
    }

    public GenerationState state() {
        return state;
    }

    public long target() {
        return target;
    }

    public long revision() {
        return revision;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /**
     * Whether this generation was restored from a stored row (which keeps its key, wrapped): a store then updates the
     * row and leaves the key as it is. False for a generation issued since the chain was loaded.
     */
    public boolean stored() {
        return stored;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }

    public Instant retiredAt() {
        return retiredAt;
    }

    public Instant destroyAfter() {
        return destroyAfter;
    }

    public Instant destroyedAt() {
        return destroyedAt;
    }

    /** The chain path this generation's file is served at: {@code /profile/<dir>/spa<psn>.cfg}. */
    public String path() {
        return ChainPaths.chain(directory, psn);
    }

    /** Whether a file is fetchable at this generation's directory. */
    public boolean hasFile() {
        return state.isLive() && target > 0;
    }

    void published(long target, long revision, Instant now) {
        if (state == GenerationState.ISSUED) {
            state = GenerationState.PUBLISHED;
            publishedAt = now;
        }
        this.target = target;
        this.revision = revision;
    }

    void confirmed(Instant now) {
        state = GenerationState.CONFIRMED;
        confirmedAt = now;
    }

    void retired(Instant now, Instant destroyAfter) {
        state = GenerationState.RETIRED;
        target = 0;
        retiredAt = now;
        this.destroyAfter = destroyAfter;
    }

    void destroyed(Instant now) {
        state = GenerationState.DESTROYED;
        target = 0;
        key = null;
        destroyedAt = now;
        if (retiredAt == null) {
            retiredAt = now;
        }
    }

    @Override
    public String toString() {
        return "Generation[" + number + ", " + state.code() + ", target=" + target + ", " + fingerprint + "]";
    }

    /** Builds a stored generation; the checks of the constructor apply. */
    public static final class Builder {
        private long number;
        private String directory;
        private String psn;
        private ProfileKey key;
        private KeyFingerprint fingerprint;
        private UUID requestId;
        private String campaignId;
        private Instant issuedAt;
        private GenerationState state;
        private long target;
        private long revision;
        private Instant publishedAt;
        private Instant confirmedAt;
        private Instant retiredAt;
        private Instant destroyAfter;
        private Instant destroyedAt;
        private boolean stored;

        public Builder number(long v) { number = v; return this; }
        public Builder directory(String v) { directory = v; return this; }
        public Builder psn(String v) { psn = v; return this; }
        public Builder key(ProfileKey v) { key = v; return this; }
        public Builder fingerprint(KeyFingerprint v) { fingerprint = v; return this; }
        public Builder requestId(UUID v) { requestId = v; return this; }
        public Builder campaignId(String v) { campaignId = v; return this; }
        public Builder issuedAt(Instant v) { issuedAt = v; return this; }
        public Builder state(GenerationState v) { state = v; return this; }
        public Builder target(long v) { target = v; return this; }
        public Builder revision(long v) { revision = v; return this; }
        public Builder publishedAt(Instant v) { publishedAt = v; return this; }
        public Builder confirmedAt(Instant v) { confirmedAt = v; return this; }
        public Builder retiredAt(Instant v) { retiredAt = v; return this; }
        public Builder destroyAfter(Instant v) { destroyAfter = v; return this; }
        public Builder destroyedAt(Instant v) { destroyedAt = v; return this; }
        public Builder stored(boolean v) { stored = v; return this; }

        public Generation build() {
            if (number < 1) {
                throw new IllegalArgumentException("generations count from 1");
            }
            return new Generation(this);
        }
    }
}
