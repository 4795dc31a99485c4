package io.keyturn.protocol.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Text with SPA macros (spa-protocol.md §3), parsed once and expanded many times: the one macro
 * expander of keyturn, used for rules, {@code --post} bodies, {@code --alias} maps and log messages.
 *
 * <p>Syntax and the choices made where the guides are silent:
 * <ul>
 *   <li>{@code $$} is a literal {@code $}; {@code $$MAU} becomes {@code $MAU}.
 *   <li>{@code $NAME}: the <em>longest</em> macro name found right after the {@code $} is taken, names
 *       being case-sensitive and uppercase. So {@code $MAU} is MAU (not MA then {@code U}),
 *       {@code spa$MA.cfg} is MA then {@code .cfg}, and {@code $Aprofile} is GPP_A followed by the
 *       text {@code profile}. When no macro name starts there ({@code $STRANGE}, {@code $x}, a lone
 *       {@code $}) the {@code $} stays as written and the text after it is ordinary text.
 *   <li>{@code $(NAME)}, {@code $(NAME:p)}, {@code $(NAME:p:q)}: NAME must be a whole macro name;
 *       p characters are skipped and at most q taken ({@code $(A:2:3)} of {@code ABCDEF} is
 *       {@code CDE}); out-of-range values clamp to the value's length. Anything else after
 *       {@code $(} (unknown name, bad number, no closing parenthesis) leaves the {@code $} as written.
 *   <li>Expansion is not recursive: a value that contains {@code $MA} is copied as is.
 *   <li>{@code $SA}..{@code $SD} expand only in {@link MacroScope#KEY}; elsewhere they stay as written.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; equality is by source text.
 */
public final class MacroTemplate {

    /** One macro reference; {@code skip}/{@code take} are -1 when absent. */
    private record Reference(Macro macro, int skip, int take, String written) {
    }

    private static final MacroTemplate EMPTY = new MacroTemplate("", new Object[0]);

    private final String source;
    /** Each element is a literal String or a Reference, in order. */
    private final Object[] segments;
    /** The expansion when the template holds no reference: it needs no values. */
    private final String literal;

    private MacroTemplate(String source, Object[] segments) {
        this.source = source;
        this.segments = segments;
        String lit = null;
        if (segments.length == 0) {
            lit = "";
        } else if (segments.length == 1 && segments[0] instanceof String s) {
            lit = s;
        }
        this.literal = lit;
    }

    /** Parses a template. Never fails: text that is not a macro is kept as written. */
    public static MacroTemplate parse(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isEmpty()) {
            return EMPTY;
        }
        if (source.indexOf('$') < 0) {
            return new MacroTemplate(source, new Object[] {source});
        }
        List<Object> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c != '$') {
                text.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && source.charAt(i + 1) == '$') {
                text.append('$');
                i += 2;
                continue;
            }
            int end = i + 1 < n && source.charAt(i + 1) == '(' ? parenthesised(source, i) : bare(source, i);
            if (end < 0) {
                text.append('$');
                i++;
                continue;
            }
            if (text.length() > 0) {
                segments.add(text.toString());
                text.setLength(0);
            }
            segments.add(reference(source, i, end));
            i = end;
        }
        if (text.length() > 0) {
            segments.add(text.toString());
        }
        return new MacroTemplate(source, segments.toArray());
    }

    /** End (exclusive) of a bare {@code $NAME} starting at {@code dollar}, or -1. */
    private static int bare(String s, int dollar) {
        Macro m = Macro.longestAt(s, dollar + 1);
        return m == null ? -1 : dollar + 1 + m.name().length();
    }

    /** End (exclusive) of a {@code $(NAME[:p[:q]])} starting at {@code dollar}, or -1 if it is not one. */
    private static int parenthesised(String s, int dollar) {
        int i = dollar + 2;
        int nameStart = i;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        if (i == nameStart || Macro.byName(s.substring(nameStart, i)).isEmpty()) {
            return -1;
        }
        for (int part = 0; part < 2 && i < s.length() && s.charAt(i) == ':'; part++) {
            int digits = ++i;
            while (i < s.length() && i - digits < 9 && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                return -1;
            }
        }
        return i < s.length() && s.charAt(i) == ')' ? i + 1 : -1;
    }

    private static Reference reference(String s, int dollar, int end) {
        String written = s.substring(dollar, end);
        if (s.charAt(dollar + 1) != '(') {
            return new Reference(Macro.byName(written.substring(1)).orElseThrow(), -1, -1, written);
        }
        String[] parts = written.substring(2, written.length() - 1).split(":", -1);
        Macro m = Macro.byName(parts[0]).orElseThrow();
        int skip = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        int take = parts.length > 2 ? Integer.parseInt(parts[2]) : -1;
        return new Reference(m, skip, take, written);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The text as written, macros unexpanded. */
    public String source() {
        return source;
    }

    /** Whether the template holds no macro reference, so its expansion needs no values. */
    public boolean isLiteral() {
        return literal != null;
    }

    /**
     * Whether the template is nothing but macro references ({@code $A}, {@code $SA$SB}): such a value
     * names where a secret lives rather than being one, so it may be shown.
     */
    public boolean isOnlyReferences() {
        if (segments.length == 0) {
            return false;
        }
        for (Object segment : segments) {
            if (!(segment instanceof Reference)) {
                return false;
            }
        }
        return true;
    }

    /** The macros this template refers to, in order of appearance. */
    public List<Macro> references() {
        List<Macro> refs = new ArrayList<>();
        for (Object segment : segments) {
            if (segment instanceof Reference r) {
                refs.add(r.macro());
            }
        }
        return Collections.unmodifiableList(refs);
    }

    /** Expands the template in {@link MacroScope#ORDINARY} scope. */
    public String expand(MacroValues values) {
        return expand(values, MacroScope.ORDINARY);
    }

    /**
     * Expands the template. A template that is a single plain reference returns the value itself,
     * and a literal one its text, without copying: rule evaluation stays allocation-light.
     */
    public String expand(MacroValues values, MacroScope scope) {
        if (literal != null) {
            return literal;
        }
        if (segments.length == 1) {
            Reference r = (Reference) segments[0];
            if (r.skip < 0 && !(r.macro.keyOnly() && scope != MacroScope.KEY)) {
                return valueOf(values, r.macro);
            }
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        expandTo(out, values, scope);
        return out.toString();
    }

    /** Appends the expansion to {@code out}. */
    public void expandTo(StringBuilder out, MacroValues values, MacroScope scope) {
        for (Object segment : segments) {
            if (segment instanceof String s) {
                out.append(s);
                continue;
            }
            Reference r = (Reference) segment;
            if (r.macro.keyOnly() && scope != MacroScope.KEY) {
                out.append(r.written);
                continue;
            }
            String value = valueOf(values, r.macro);
            if (r.skip < 0) {
                out.append(value);
            } else {
                int from = Math.min(r.skip, value.length());
                int to = r.take < 0 ? value.length() : (int) Math.min((long) from + r.take, value.length());
                out.append(value, from, to);
            }
        }
    }

    private static String valueOf(MacroValues values, Macro macro) {
        String v = values.value(macro);
        return v == null ? "" : v;
    }

    /** Convenience: parses and expands {@code text} once, in {@link MacroScope#ORDINARY} scope. */
    public static String expand(String text, MacroValues values) {
        return parse(text).expand(values, MacroScope.ORDINARY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacroTemplate t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** The source text. Callers holding a secret template (a literal {@code --key}) must not print it. */
    @Override
    public String toString() {
        return source;
    }
}
