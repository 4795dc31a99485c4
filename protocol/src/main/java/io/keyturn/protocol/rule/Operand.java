package io.keyturn.protocol.rule;

import java.util.Objects;
import java.util.Set;

/**
 * One side of a {@link Comparison}: a double-quoted string, a bare integer/version (literal or
 * macro), or the {@code $SWVER} that pre-2.0.6 firmware implied when the left side was missing.
 */
public sealed interface Operand permits Operand.Quoted, Operand.Bare, Operand.ImpliedSoftwareVersion {

    /** The operand as a condition writes it (empty for the implied {@code $SWVER}). */
    String format();

    /** The operand's text after macro expansion. */
    String expand(MacroValues values);

    /** A quoted operand: always compared as a string, e.g. {@code "$CCERT"}. */
    record Quoted(MacroTemplate text) implements Operand {
        public Quoted {
            Objects.requireNonNull(text, "text");
            if (text.source().indexOf('"') >= 0) {
                throw new IllegalArgumentException("a quoted operand cannot contain a double quote");
            }
        }

        /** A quoted operand of this (unexpanded) text. */
        public static Quoted of(String text) {
            return new Quoted(MacroTemplate.parse(text));
        }

        @Override
        public String format() {
            return '"' + text.source() + '"';
        }

        @Override
        public String expand(MacroValues values) {
            return text.expand(values, MacroScope.ORDINARY);
        }
    }

    /**
     * A bare operand: a literal integer ({@code 2}, {@code -1}) or version ({@code 2.0.6(b)}), or
     * text with macros that should expand to one ({@code $SWVER}, {@code $REGTMR1}).
     */
    record Bare(MacroTemplate value) implements Operand {

        /** Words that can never be a bare operand. */
        private static final Set<String> KEYWORDS = Set.of("and", "AND", "eq", "ne", "lt", "le", "gt", "ge");

        public Bare {
            Objects.requireNonNull(value, "value");
            String problem = problemWith(value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        /** A bare operand of this (unexpanded) text. */
        public static Bare of(String value) {
            return new Bare(MacroTemplate.parse(value));
        }

        @Override
        public String format() {
            return value.source();
        }

        @Override
        public String expand(MacroValues values) {
            return value.expand(values, MacroScope.ORDINARY);
        }

        /** Why {@code value} cannot be a bare operand, or null when it can. Shared with the parser. */
        static String problemWith(MacroTemplate value) {
            String s = value.source();
            if (s.isEmpty()) {
                return "a bare operand cannot be empty";
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (RuleText.isWhitespace(c) || c == '"' || c == '=' || c == '!' || c == '<' || c == '>') {
                    return "a bare operand cannot contain " + RuleText.quoteForMessage(String.valueOf(c));
                }
            }
            if (KEYWORDS.contains(s)) {
                return RuleText.quoteForMessage(s) + " is an operator, not an operand";
            }
            if (value.isLiteral()) {
                if (!RuleText.isInteger(s) && !Version.isVersion(s)) {
                    return "unquoted " + RuleText.quoteForMessage(s)
                            + " is neither an integer nor a version major.minor.build[(suffix)]; write strings in double quotes";
                }
                return null;
            }
            for (Macro m : value.references()) {
                if (m.type() == Macro.Type.TEXT) {
                    return m.reference() + " holds text, so it must be quoted: \"" + m.reference() + "\"";
                }
                if (m.keyOnly()) {
                    return m.reference() + " expands only inside a --key value";
                }
            }
            return null;
        }
    }

    /** The {@code $SWVER} implied by a legacy comparison with no left side, as in {@code ! 1.0.33}. */
    record ImpliedSoftwareVersion() implements Operand {
        @Override
        public String format() {
            return "";
        }

        @Override
        public String expand(MacroValues values) {
            String v = values.value(Macro.SWVER);
            return v == null ? "" : v;
        }
    }
}
