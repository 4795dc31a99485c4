package io.keyturn.crypto.domain;

import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import java.util.Map;

/**
 * A rendered profile and the intent it must still show after encryption: the managed values, and where its
 * {@code Profile_Rule} must lead a device in steady state (path and key), or nothing for a stage-0 file.
 */
public record RenderedProfile(FlatProfile profile, Map<String, String> managed, String expectedPath,
        ProfileKey expectedKey) {

    public RenderedProfile {
        managed = Map.copyOf(managed);
    }

    @Override
    public String toString() {
        return "RenderedProfile[" + profile + ", leads to a chain path: " + (expectedPath != null) + "]";
    }
}
