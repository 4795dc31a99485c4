package io.keyturn.protocol.rule;

import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters that hold a rule in the shared grammar, and the options each accepts
 * (spa-protocol.md §1.4, §5.1, §5.3).
 */
public enum RuleKind {
    /** Profile_Rule and Profile_Rule_B..D: {@code --key}, {@code --post}, {@code --alias}, {@code --uid}, {@code --pwd}. */
    PROFILE_RULE("Profile_Rule", EnumSet.of(UrlOption.Kind.KEY, UrlOption.Kind.POST, UrlOption.Kind.ALIAS,
            UrlOption.Kind.UID, UrlOption.Kind.PWD)),
    /** Upgrade_Rule: conditions and assignments, but no URL options. */
    UPGRADE_RULE("Upgrade_Rule", EnumSet.noneOf(UrlOption.Kind.class)),
    /** Report_Rule: {@code --key} encrypts the report; later firmware adds {@code --delta}. */
    REPORT_RULE("Report_Rule", EnumSet.of(UrlOption.Kind.KEY, UrlOption.Kind.DELTA, UrlOption.Kind.UID,
            UrlOption.Kind.PWD));

    private final String parameterName;
    private final Set<UrlOption.Kind> options;

    RuleKind(String parameterName, Set<UrlOption.Kind> options) {
        this.parameterName = parameterName;
        this.options = options;
    }

    /** The parameter's name, for messages. */
    public String parameterName() {
        return parameterName;
    }

    /** Whether rules of this kind take an options bracket at all (Upgrade_Rule does not). */
    public boolean acceptsOptions() {
        return !options.isEmpty();
    }

    /** Whether rules of this kind accept the option. */
    public boolean accepts(UrlOption.Kind option) {
        return options.contains(option);
    }
}
