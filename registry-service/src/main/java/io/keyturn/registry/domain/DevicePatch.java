package io.keyturn.registry.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON merge patch (RFC 7396) of a device: a field absent from {@link #fields} stays, {@code Optional.empty()}
 * clears it, a value replaces it; {@link #params} merges the same way per parameter. Secret values are not shown by
 * {@link #toString()}.
 */
public record DevicePatch(Map<String, Optional<String>> fields, Map<String, Optional<String>> params) {

    /** The fields a patch may name; {@code mac} is the device's identity and never changes. */
    public static final Set<String> FIELDS = Set.of("model", "serial", "group", "tenant", "bootstrapMode",
            "stagingKey", "state");

    public DevicePatch {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new RegistryException(RegistryException.Reason.INVALID_FIELD, "field " + FieldRules.quote(name)
                        + " cannot be patched; patchable: bootstrapMode, group, model, params, serial, stagingKey,"
                        + " state, tenant");
            }
        }
    }

    @Override
    public String toString() {
        return "DevicePatch[fields=" + fields.keySet() + ", params=" + params.keySet() + "]";
    }
}
