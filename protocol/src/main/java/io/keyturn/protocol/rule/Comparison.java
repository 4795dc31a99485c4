package io.keyturn.protocol.rule;

import java.util.Objects;

/**
 * One comparison of a condition, such as {@code $SWVER ge 2.0.6} or {@code "$CCERT" eq "Installed"}.
 *
 * <p>How operands compare (spa-protocol.md §1.2 leaves the mixed cases open):
 * <ul>
 *   <li>A quoted operand is a string. A bare one is classified after expansion: an integer
 *       ({@code -?digits}), else a {@link Version}, else (a macro that expanded to text, or to
 *       nothing) a string.
 *   <li>{@code =}/{@code !=}: two integers compare numerically ({@code 02 = 2}), two versions as
 *       versions; any other pair compares its expanded text exactly.
 *   <li>Orderings: two integers or two versions compare; any other pair (an unset macro, an integer
 *       against a version) makes the comparison false. The parser already refuses orderings that
 *       can never hold: a quoted operand, or a literal integer against a literal version.
 * </ul>
 *
 * @param left the left side; {@link Operand.ImpliedSoftwareVersion} for the legacy form {@code ! 1.0.33}
 * @param spelling how the operator was written ({@code ge}, {@code >=}, or the legacy {@code !}), kept so
 *     {@link #format()} gives back what was parsed
 */
public record Comparison(Operand left, ComparisonOperator operator, String spelling, Operand right) {

    private enum Kind { INTEGER, VERSION, TEXT }

    public Comparison {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(spelling, "spelling");
        Objects.requireNonNull(right, "right");
        if (!operator.isSpelledAs(spelling)) {
            throw new IllegalArgumentException(RuleText.quoteForMessage(spelling) + " does not spell " + operator);
        }
        if (right instanceof Operand.ImpliedSoftwareVersion) {
            throw new IllegalArgumentException("only the left operand can be implied");
        }
        String problem = problemWith(left, operator, right);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A comparison with the operator's word spelling. */
    public static Comparison of(Operand left, ComparisonOperator operator, Operand right) {
        return new Comparison(left, operator, operator.word(), right);
    }

    /** Why these operands cannot be compared with this operator, or null. Shared with the parser. */
    static String problemWith(Operand left, ComparisonOperator operator, Operand right) {
        if (!operator.isOrdering()) {
            return null;
        }
        for (Operand side : new Operand[] {left, right}) {
            if (side instanceof Operand.Quoted) {
                // The quoted text is not repeated: it may be anything an operator typed.
                return "'" + operator.word() + "' orders integers and versions only, not a quoted string;"
                        + " use = or != for strings";
            }
        }
        if (left instanceof Operand.Bare l && right instanceof Operand.Bare r && l.value().isLiteral()
                && r.value().isLiteral() && literalKind(l) != literalKind(r)) {
            return "'" + operator.word() + "' cannot order the integer and the version in " + l.format() + " "
                    + operator.word() + " " + r.format();
        }
        return null;
    }

    private static Kind literalKind(Operand.Bare bare) {
        return RuleText.isInteger(bare.value().source()) ? Kind.INTEGER : Kind.VERSION;
    }

    /** Whether the comparison holds for these values. */
    public boolean test(MacroValues values) {
        String l = left.expand(values);
        String r = right.expand(values);
        Kind lk = kind(left, l);
        Kind rk = kind(right, r);
        if (lk == rk && lk != Kind.TEXT) {
            int c = lk == Kind.INTEGER ? RuleText.compareIntegers(l, r) : Version.compare(l, r);
            return operator.accepts(c);
        }
        if (operator.isOrdering()) {
            return false;
        }
        return operator.accepts(l.equals(r) ? 0 : 1);
    }

    private static Kind kind(Operand operand, String expanded) {
        if (operand instanceof Operand.Quoted) {
            return Kind.TEXT;
        }
        if (RuleText.isInteger(expanded)) {
            return Kind.INTEGER;
        }
        return Version.isVersion(expanded) ? Kind.VERSION : Kind.TEXT;
    }

    /** The comparison as a condition writes it, e.g. {@code $SWVER ge 2.0.6} or {@code ! 1.0.33}. */
    public String format() {
        String l = left.format();
        return (l.isEmpty() ? "" : l + " ") + spelling + " " + right.format();
    }

    @Override
    public String toString() {
        return format();
    }
}
