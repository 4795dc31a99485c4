package io.keyturn.events.profile;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;

/**
 * {@code keyturn.profile.withdrawn} on {@code keyturn.profiles}: delivery must stop serving the
 * file at {@code path}. A withdrawal applies only to a file of {@code generation} or older: a
 * bootstrap path republished for a newer generation survives a late or replayed withdrawal.
 *
 * @param path the path to stop serving
 * @param kind which step of the flow the file served
 * @param mac the device the file belongs to; absent for {@code stage0} only
 * @param generation the newest generation of the file at {@code path} this withdrawal covers;
 *     absent for {@code stage0} only
 * @param reason why the file is withdrawn
 */
public record ProfileWithdrawn(String path, ProfileKind kind, String mac, Long generation, WithdrawalReason reason)
        implements EventData {

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public ProfileWithdrawn {
        Checks.servedPath("path", path);
        ProfileFieldRules.ownership(kind, mac, generation);
        Checks.required("reason", reason);
    }

    @Override
    public String subject() {
        return mac != null ? mac : path;
    }
}
