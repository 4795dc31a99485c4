package io.keyturn.protocol.rule;

import java.util.List;
import java.util.Objects;

/**
 * A condition: comparisons joined by {@code and}, all of which must hold (spa-protocol.md §1.2).
 * Inside a rule it is written {@code ( ... )?}; Resync_Trigger_1/2 hold one without the wrapper,
 * which {@link #parse} reads.
 */
public record Condition(List<Comparison> comparisons) {

    public Condition {
        comparisons = List.copyOf(Objects.requireNonNull(comparisons, "comparisons"));
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("a condition holds at least one comparison");
        }
    }

    /** A condition of these comparisons. */
    public static Condition of(Comparison... comparisons) {
        return new Condition(List.of(comparisons));
    }

    /**
     * Parses a bare condition, as in Resync_Trigger_1 ({@code $REGTMR1 gt 300 and $PRVTMR gt 1200}).
     *
     * @throws RuleSyntaxException {@code MALFORMED_CONDITION}, {@code UNBALANCED_RULE} (an unclosed quote)
     *     or {@code NON_ASCII}, with the column
     */
    public static Condition parse(String text) {
        return RuleParser.parseCondition(text);
    }

    /** Whether every comparison holds. */
    public boolean test(MacroValues values) {
        for (int i = 0; i < comparisons.size(); i++) {
            if (!comparisons.get(i).test(values)) {
                return false;
            }
        }
        return true;
    }

    /** The condition without its {@code ( )?} wrapper, comparisons joined by {@code and}. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Comparison c : comparisons) {
            if (out.length() > 0) {
                out.append(" and ");
            }
            out.append(c.format());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
