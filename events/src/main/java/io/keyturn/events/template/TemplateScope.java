package io.keyturn.events.template;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a template applies to; layers render model base, then group overrides, then device parameters. */
public enum TemplateScope {
    /** Every device of one model (e.g. {@code SPA962}): the base layer. */
    MODEL("model"),
    /** Every device in a group and its subgroups (e.g. {@code region/north}); longer prefixes win. */
    GROUP("group");

    private final String code;

    TemplateScope(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code group}. */
    @JsonValue
    public String code() {
        return code;
    }
}
