package io.keyturn.events.profile;

import io.keyturn.events.internal.Checks;

/** The rule both profile events share: a stage-0 file belongs to no device, any other file to one. */
final class ProfileFieldRules {

    private ProfileFieldRules() {
    }

    static void ownership(ProfileKind kind, String mac, Long generation) {
        Checks.required("kind", kind);
        if (kind == ProfileKind.STAGE0) {
            if (mac != null || generation != null) {
                throw Checks.invalid("mac and generation", "must be absent for a stage0 file, which no device owns");
            }
        } else {
            Checks.mac("mac", mac);
            Checks.generation("generation", Checks.required("generation", generation));
        }
    }
}
