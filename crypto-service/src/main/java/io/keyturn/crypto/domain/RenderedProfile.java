package io.keyturn.crypto.domain;

import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import java.util.Map;

/**
 * A rendered profile and the intent it must still show after encryption: the managed values, and where its
 * {@code Profile_Rule} must lead a device in steady state (path and key), or nothing for a stage-0 file.
 *
 * <p>{@code sharedParameters} counts the profile's leading parameters that come from its templates alone, the
 * same for every device of those templates: only their compressed form may be cached and shared between renders.
 * The device's own parameters and the managed ones (its credentials, its key) come after them.
 */
public record RenderedProfile(FlatProfile profile, Map<String, String> managed, String expectedPath,
        ProfileKey expectedKey, int sharedParameters) {

    public RenderedProfile {
        managed = Map.copyOf(managed);
        if (sharedParameters < 0 || sharedParameters > profile.size()) {
            throw new IllegalArgumentException(
                    "sharedParameters must be within 0.." + profile.size() + ", not " + sharedParameters);
        }
    }

    /** A profile none of which is shared with other devices. */
    public RenderedProfile(FlatProfile profile, Map<String, String> managed, String expectedPath,
            ProfileKey expectedKey) {
        this(profile, managed, expectedPath, expectedKey, 0);
    }

    @Override
    public String toString() {
        return "RenderedProfile[" + profile + ", leads to a chain path: " + (expectedPath != null) + "]";
    }
}
