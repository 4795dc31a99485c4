package io.keyturn.events.device;

import io.keyturn.events.EventData;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code keyturn.device.updated} on {@code keyturn.devices}: a registered device changed. Carries
 * the whole device after the change (not a diff), so a consumer that missed an update still ends in
 * the right state by keeping the highest {@code version}. The next rotation renders the new values;
 * an update alone rotates nothing.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param version the device record's version after the change; higher than any earlier event's
 * @param model see {@link DeviceRegistered}
 * @param psn see {@link DeviceRegistered}
 * @param serial see {@link DeviceRegistered}
 * @param group see {@link DeviceRegistered}
 * @param tenant see {@link DeviceRegistered}
 * @param bootstrapMode see {@link DeviceRegistered}
 * @param sealedStagingKey see {@link DeviceRegistered}
 * @param params see {@link DeviceRegistered}
 * @param sealedParams see {@link DeviceRegistered}
 * @param templates see {@link DeviceRegistered}
 * @param changedFields the JSON names of the fields this update changed, sorted, for consumers that
 *     care about one field only; a hint, never the only source of truth
 * @param updatedAt when registry-service accepted the change
 */
public record DeviceUpdated(
        String mac,
        long version,
        String model,
        String psn,
        String serial,
        String group,
        String tenant,
        BootstrapMode bootstrapMode,
        SealedSecret sealedStagingKey,
        Map<String, String> params,
        Map<String, SealedSecret> sealedParams,
        List<TemplateRef> templates,
        List<String> changedFields,
        Instant updatedAt) implements EventData {

    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    /**
     * Checks the field rules above; collections are copied, maps sorted by name, {@code changedFields}
     * sorted without repeats.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeviceUpdated {
        Checks.mac("mac", mac);
        Checks.atLeast("version", version, 1);
        DeviceFieldRules.model(model);
        DeviceFieldRules.psn(psn);
        DeviceFieldRules.serial(serial);
        DeviceFieldRules.group(group);
        DeviceFieldRules.tenant(tenant);
        Checks.required("bootstrapMode", bootstrapMode);
        params = DeviceFieldRules.params(params);
        sealedParams = DeviceFieldRules.sealedParams(sealedParams, params);
        templates = Checks.list("templates", templates);
        changedFields = Checks.list("changedFields", changedFields);
        for (String name : changedFields) {
            // Names are not checked against today's fields: a newer producer may name a field
            // this consumer does not know yet.
            Checks.matching("changedFields", name, FIELD_NAME, "must hold JSON field names");
        }
        changedFields = List.copyOf(new TreeSet<>(changedFields));
        Checks.required("updatedAt", updatedAt);
    }

    @Override
    public String subject() {
        return mac;
    }

    @Override
    public String toString() {
        return "DeviceUpdated[mac=" + mac + ", version=" + version + ", model=" + model + ", psn=" + psn
                + ", serial=" + serial + ", group=" + group + ", tenant=" + tenant
                + ", bootstrapMode=" + bootstrapMode.code() + ", sealedStagingKey=" + sealedStagingKey
                + ", " + DeviceFieldRules.describe(params, sealedParams) + ", templates=" + templates
                + ", changedFields=" + changedFields + ", updatedAt=" + updatedAt + "]";
    }
}
