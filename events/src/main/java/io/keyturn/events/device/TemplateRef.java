package io.keyturn.events.device;

import io.keyturn.events.internal.Checks;
import java.util.regex.Pattern;

/**
 * One configuration template a device's profile is rendered from, pinned to a version so that a
 * template edit changes a device's profile only through a new device event.
 *
 * @param id the template's id in registry-service: letters, digits, {@code . _ / -}, at most 128
 *     characters
 * @param version the template version, from 1
 */
public record TemplateRef(String id, long version) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._/-]{1,128}");

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public TemplateRef {
        Checks.matching("template id", id, ID, "must be letters, digits, . _ / - (at most 128 characters)");
        Checks.atLeast("template version", version, 1);
    }
}
