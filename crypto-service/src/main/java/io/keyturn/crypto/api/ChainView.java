package io.keyturn.crypto.api;

import io.keyturn.crypto.domain.Device;
import io.keyturn.crypto.domain.Generation;
import io.keyturn.crypto.domain.RotationChain;
import java.time.Instant;
import java.util.List;

/** A device's chain for operators: generations, states, fingerprints and times; never a key or a directory. */
public record ChainView(String mac, String model, String bootstrapMode, boolean bootstrapArmed,
        long confirmedGeneration, long newestGeneration, long headGeneration, boolean decommissioned,
        List<GenerationView> generations) {

    /** One generation; {@code leadsTo} is the generation its file hands out, 0 when no file is served. */
    public record GenerationView(long generation, String state, String keyFingerprint, long leadsTo,
            String campaignId, Instant issuedAt, Instant publishedAt, Instant confirmedAt, Instant retiredAt,
            Instant destroyedAt) {

        static GenerationView from(Generation g) {
            return new GenerationView(g.number(), g.state().code(), g.fingerprint().value(), g.hasFile() ? g.target() : 0,
                    g.campaignId(), g.issuedAt(), g.publishedAt(), g.confirmedAt(), g.retiredAt(), g.destroyedAt());
        }
    }

    public static ChainView from(Device d) {
        RotationChain c = d.chain();
        return new ChainView(d.mac(), d.model(), d.bootstrapMode().code(), c.bootstrapArmed(), c.confirmed(),
                c.newest(), c.head(), c.decommissioned(),
                c.generations().stream().map(GenerationView::from).toList());
    }
}
