package io.keyturn.protocol.rule;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One option of an alternative's {@code [--name value ...]} bracket (spa-protocol.md §1.4).
 *
 * @param kind which option
 * @param value the value as written, without quotes; empty for a flag ({@code --delta})
 * @param quoted whether the value was written in double quotes, kept so {@link #format()} gives back
 *     what was parsed
 */
public record UrlOption(Kind kind, Optional<MacroTemplate> value, boolean quoted) {

    /** The options the guides document, and which rules accept them. */
    public enum Kind {
        /** {@code --key}: the profile's decryption key (report encryption key in Report_Rule). */
        KEY(true, true),
        /** {@code --post a}: POST the expanded content of a GPP parameter instead of a GET. */
        POST(true, false),
        /** {@code --alias a}: the GPP parameter holding an XML element-name alias map. */
        ALIAS(true, false),
        /** {@code --uid}: HTTP authentication user (later firmware). */
        UID(true, false),
        /** {@code --pwd}: HTTP authentication password (later firmware). */
        PWD(true, true),
        /** {@code --delta}: Report_Rule only; report just the changed parameters. */
        DELTA(false, false);

        private final boolean takesValue;
        private final boolean secret;

        Kind(boolean takesValue, boolean secret) {
            this.takesValue = takesValue;
            this.secret = secret;
        }

        /** The option name without dashes, e.g. {@code key}. */
        public String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a value follows the name. */
        public boolean takesValue() {
            return takesValue;
        }

        /** Whether the value is a secret, never to be printed by {@code toString()}. */
        public boolean isSecret() {
            return secret;
        }

        /** Whether the value names a GPP parameter by its letter a..p. */
        public boolean takesGppLetter() {
            return this == POST || this == ALIAS;
        }

        /** The option called {@code name} (without dashes, lowercase), if any. */
        public static Optional<Kind> byOptionName(String name) {
            for (Kind k : values()) {
                if (k.optionName().equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public UrlOption {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (kind.takesValue() != value.isPresent()) {
            throw new IllegalArgumentException("--" + kind.optionName() + (kind.takesValue() ? " needs a value" : " takes no value"));
        }
        if (value.isPresent()) {
            String problem = problemWithValue(kind, value.get().source(), quoted);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        } else if (quoted) {
            throw new IllegalArgumentException("a flag has no value to quote");
        }
    }

    /** An option with a value, quoted only when the value needs it. */
    public static UrlOption of(Kind kind, String value) {
        return new UrlOption(kind, Optional.of(MacroTemplate.parse(value)), RuleText.needsQuotes(value));
    }

    /** A flag option such as {@code --delta}. */
    public static UrlOption flag(Kind kind) {
        return new UrlOption(kind, Optional.empty(), false);
    }

    /** Why this value cannot be written for this option, or null. Shared with the parser; never quotes the value. */
    static String problemWithValue(Kind kind, String value, boolean quoted) {
        if (value.isEmpty()) {
            return "--" + kind.optionName() + " has an empty value";
        }
        if (value.indexOf('"') >= 0) {
            return "the value of --" + kind.optionName() + " cannot contain a double quote";
        }
        if (!quoted && RuleText.needsQuotes(value)) {
            return "the value of --" + kind.optionName() + " must be quoted";
        }
        if (kind.takesGppLetter() && (value.length() != 1 || Macro.gppLetter(value.charAt(0)).isEmpty())) {
            return "--" + kind.optionName() + " takes a GPP letter a..p";
        }
        return null;
    }

    /** The option as a rule writes it, e.g. {@code --key $A} or {@code --key "two words"}. */
    public String format() {
        return format(false);
    }

    String format(boolean mask) {
        if (value.isEmpty()) {
            return "--" + kind.optionName();
        }
        String v = mask && isMasked() ? "***" : value.get().source();
        return "--" + kind.optionName() + " " + (quoted ? '"' + v + '"' : v);
    }

    /** Whether {@link #toString()} hides the value: a secret option whose value is more than macro references. */
    boolean isMasked() {
        return kind.isSecret() && value.isPresent() && !value.get().isOnlyReferences();
    }

    /** {@link #format()}, except that a literal key or password shows as {@code ***}. */
    @Override
    public String toString() {
        return format(true);
    }
}
