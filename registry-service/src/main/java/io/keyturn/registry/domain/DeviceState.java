package io.keyturn.registry.domain;

import java.util.Locale;

/** Where a device is in its life; only the registry changes it (and the read model: registered to active). */
public enum DeviceState {
    /** Accepted; generation 1 is on its way but the device has not confirmed a key yet. */
    REGISTERED,
    /** Has confirmed at least one generation. */
    ACTIVE,
    /** Kept out of rotations by an operator; its keys stay. */
    SUSPENDED,
    /** Left the fleet; its keys are destroyed downstream. Final. */
    DECOMMISSIONED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state named {@code code}.
     *
     * @throws RegistryException {@code INVALID_FIELD} for an unknown name
     */
    public static DeviceState of(String code) {
        for (DeviceState s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new RegistryException(RegistryException.Reason.INVALID_FIELD,
                "state " + FieldRules.quote(code) + " is not one of registered, active, suspended, decommissioned");
    }

    /**
     * The state an operator's request for {@code wanted} leads to. An operator suspends a device and resumes it; a
     * resumed device goes back to active if it has ever confirmed a key, to registered otherwise.
     *
     * @throws RegistryException {@code INVALID_STATE_CHANGE} for anything else
     */
    public DeviceState operatorChange(DeviceState wanted, boolean everConfirmed) {
        if (wanted == this) {
            return this;
        }
        if (this == DECOMMISSIONED) {
            throw new RegistryException(RegistryException.Reason.DEVICE_DECOMMISSIONED,
                    "a decommissioned device cannot change");
        }
        if (wanted == SUSPENDED) {
            return SUSPENDED;
        }
        if (this == SUSPENDED && (wanted == ACTIVE || wanted == REGISTERED)) {
            return everConfirmed ? ACTIVE : REGISTERED;
        }
        throw new RegistryException(RegistryException.Reason.INVALID_STATE_CHANGE, "state cannot go from "
                + code() + " to " + wanted.code() + (wanted == DECOMMISSIONED ? " by PATCH; use DELETE" : ""));
    }
}
