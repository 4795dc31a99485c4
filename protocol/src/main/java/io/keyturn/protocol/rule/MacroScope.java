package io.keyturn.protocol.rule;

/** Where a template is expanded, which decides whether {@code $SA}..{@code $SD} expand (spa-protocol.md §1.4). */
public enum MacroScope {
    /** Everywhere but a {@code --key} value: {@code $SA}..{@code $SD} stay as written. */
    ORDINARY,
    /** The value of a {@code --key} option: {@code $SA}..{@code $SD} expand to GPP_SA..GPP_SD. */
    KEY
}
