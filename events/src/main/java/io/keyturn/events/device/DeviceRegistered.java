package io.keyturn.events.device;

import io.keyturn.events.EventData;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code keyturn.device.registered} on {@code keyturn.devices}: registry-service accepted a device.
 * Carries the whole device, so a consumer needs no REST call to act on it; crypto-service reacts by
 * issuing generation 1.
 *
 * @param mac the device MAC, 12 lowercase hex digits; the subject and record key
 * @param version the device record's version in registry-service, from 1, raised by every change;
 *     a consumer keeps the highest version it has seen and ignores older ones, so replayed or
 *     reordered device events change nothing
 * @param model the model as registered, e.g. {@code SPA962}
 * @param psn the product series number the device expands as {@code $PSN}, e.g. {@code 962}
 * @param serial the serial number ({@code $SN}), if known
 * @param group the device's group path, e.g. {@code region/north}, if any
 * @param tenant the tenant (ISP customer or reseller) the device belongs to, if any
 * @param bootstrapMode how the device gets its first device-unique profile
 * @param sealedStagingKey the per-device staging key, sealed to crypto-service's public key; absent
 *     when there is none (mTLS, or a staging key derived from a fleet secret)
 * @param params per-device profile parameters by SPA parameter name ({@code Display_Name_1_});
 *     never GPP_A, GPP_B or GPP_SA..SD, which keyturn owns; empty when none
 * @param sealedParams per-device parameters whose values are secret (e.g. SIP passwords), each
 *     sealed to crypto-service's public key; names disjoint from {@code params}; empty when none
 * @param templates the templates the profile is rendered from, in order (later ones override
 *     earlier ones); empty when none
 * @param registeredAt when registry-service accepted the device
 */
public record DeviceRegistered(
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
        Instant registeredAt) implements EventData {

    /**
     * Checks the field rules above; collections are copied, maps sorted by name.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public DeviceRegistered {
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
        Checks.required("registeredAt", registeredAt);
    }

    @Override
    public String subject() {
        return mac;
    }

    @Override
    public String toString() {
        return "DeviceRegistered[mac=" + mac + ", version=" + version + ", model=" + model + ", psn=" + psn
                + ", serial=" + serial + ", group=" + group + ", tenant=" + tenant
                + ", bootstrapMode=" + bootstrapMode.code() + ", sealedStagingKey=" + sealedStagingKey
                + ", " + DeviceFieldRules.describe(params, sealedParams) + ", templates=" + templates
                + ", registeredAt=" + registeredAt + "]";
    }
}
