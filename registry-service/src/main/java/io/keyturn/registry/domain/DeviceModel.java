package io.keyturn.registry.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model keyturn provisions, with the product series number the device expands as {@code $PSN} and so fetches
 * {@code /spa$PSN.cfg} by factory default (spa-protocol.md §1.3, macro table). For the SPA models the series is the
 * model without {@code SPA}; no guide documents the PAP2T's or WRP400's {@code $PSN}, so they keep their whole name
 * as the protocol library's {@code DeviceContext} does.
 *
 * @param name the model in upper case, e.g. {@code SPA962}
 * @param psn the product series number, e.g. {@code 962}
 * @param kind phone or ATA (analogue telephone adapter), for operators' filters
 */
public record DeviceModel(String name, String psn, Kind kind) {

    public enum Kind { PHONE, ATA }

    private static final Map<String, DeviceModel> TABLE = new TreeMap<>();

    static {
        for (String phone : new String[] {"SPA901", "SPA921", "SPA922", "SPA941", "SPA942", "SPA962",
                "SPA303", "SPA501G", "SPA502G", "SPA504G", "SPA508G", "SPA509G", "SPA525G", "SPA525G2"}) {
            add(phone, phone.substring(3), Kind.PHONE);
        }
        for (String ata : new String[] {"SPA1001", "SPA2000", "SPA2002", "SPA2100", "SPA2102", "SPA3000",
                "SPA3102", "SPA8000", "SPA112", "SPA122"}) {
            add(ata, ata.substring(3), Kind.ATA);
        }
        add("PAP2T", "PAP2T", Kind.ATA);
        add("WRP400", "WRP400", Kind.ATA);
    }

    private static void add(String name, String psn, Kind kind) {
        TABLE.put(name, new DeviceModel(name, psn, kind));
    }

    /** The model named {@code name}, case-insensitively, with an optional dash after SPA ({@code SPA-2102}). */
    public static Optional<DeviceModel> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("SPA-")) {
            upper = "SPA" + upper.substring(4);
        }
        return Optional.ofNullable(TABLE.get(upper));
    }

    /**
     * The model named {@code name}.
     *
     * @throws RegistryException {@code UNKNOWN_MODEL} naming the table's models
     */
    public static DeviceModel require(String name) {
        if (name == null || name.isBlank()) {
            throw new RegistryException(RegistryException.Reason.INVALID_FIELD, "model is required");
        }
        return find(name).orElseThrow(() -> new RegistryException(RegistryException.Reason.UNKNOWN_MODEL,
                "model " + FieldRules.quote(name) + " is not one of " + String.join(", ", TABLE.keySet())));
    }

    /** Every model, sorted by name. */
    public static Collection<DeviceModel> all() {
        return TABLE.values();
    }
}
