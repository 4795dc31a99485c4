package io.keyturn.protocol.rule;

import java.util.Objects;

/**
 * One assignment of an alternative's {@code ( Name = "value" ; ... )!} list, run when the
 * alternative wins (spa-protocol.md §1.1). The value is macro-expanded; a single lowercase letter
 * {@code a}..{@code p} names GPP_A..GPP_P.
 *
 * @param name the parameter as written ({@code User_ID_1_}, {@code d})
 * @param value the value as written, without its quotes
 */
public record Assignment(String name, MacroTemplate value) {

    public Assignment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        String problem = problemWithName(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (value.source().indexOf('"') >= 0) {
            throw new IllegalArgumentException("an assignment value cannot contain a double quote");
        }
    }

    /** An assignment of this (unexpanded) value. */
    public static Assignment of(String name, String value) {
        return new Assignment(name, MacroTemplate.parse(value));
    }

    /** The parameter this assigns: {@code d} → {@code GPP_D}; any other name as written. */
    public String parameter() {
        return name.length() == 1 && name.charAt(0) >= 'a' && name.charAt(0) <= 'p'
                ? "GPP_" + (char) (name.charAt(0) - 32)
                : name;
    }

    /** Why {@code name} cannot be assigned, or null. Shared with the parser. */
    static String problemWithName(String name) {
        if (!RuleText.isParameterName(name)) {
            return RuleText.quoteForMessage(name) + " is not a parameter name (letters, digits and _)";
        }
        if (name.length() == 1 && name.charAt(0) >= 'q' && name.charAt(0) <= 'z') {
            return RuleText.quoteForMessage(name) + " is not a GPP letter: a..p stand for GPP_A..GPP_P";
        }
        return null;
    }

    /** {@code Name = "value";} as a rule writes it. */
    public String format() {
        return name + " = \"" + value.source() + "\";";
    }

    /** Whether the value may be a secret: it sets GPP_SA..GPP_SD, where keys are kept (spa-protocol.md §7.2). */
    boolean isSecret() {
        return Macro.byParameter(parameter()).map(Macro::keyOnly).orElse(false) && !value.isOnlyReferences();
    }

    /** {@link #format()}, but a secret value is shown as {@code ***}. */
    @Override
    public String toString() {
        return isSecret() ? name + " = \"***\";" : format();
    }
}
