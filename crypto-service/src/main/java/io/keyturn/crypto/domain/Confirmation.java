package io.keyturn.crypto.domain;

import java.util.List;

/**
 * What a confirmation changed: the generation now confirmed and the generations it retired (their files to
 * withdraw), and whether the staging-key bootstrap file is withdrawn ({@code bootstrapWithdrawn} the newest
 * generation the withdrawal covers, 0 for none). {@link #NONE} for a confirmation that changes nothing (a replay, or an older generation).
 */
public record Confirmation(long generation, List<Generation> retired, long bootstrapWithdrawn) {

    public static final Confirmation NONE = new Confirmation(0, List.of(), 0);

    public Confirmation {
        retired = List.copyOf(retired);
    }

    public boolean changed() {
        return generation > 0;
    }
}
