package io.keyturn.protocol.rule;

import java.util.Optional;

/**
 * The operators of a condition (spa-protocol.md §1.2), each written as a symbol or a word. Equality
 * works on every operand; the four orderings only on integers and versions.
 */
public enum ComparisonOperator {
    /** {@code =} or {@code eq}. */
    EQUAL("=", "eq"),
    /** {@code !=} or {@code ne}; firmware before 2.0.6 also wrote a lone {@code !}. */
    NOT_EQUAL("!=", "ne"),
    /** {@code <} or {@code lt}. */
    LESS("<", "lt"),
    /** {@code <=} or {@code le}. */
    LESS_OR_EQUAL("<=", "le"),
    /** {@code >} or {@code gt}. */
    GREATER(">", "gt"),
    /** {@code >=} or {@code ge}. */
    GREATER_OR_EQUAL(">=", "ge");

    /** The pre-2.0.6 spelling of {@link #NOT_EQUAL}. */
    public static final String LEGACY_NOT_EQUAL = "!";

    private final String symbol;
    private final String word;

    ComparisonOperator(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    /** The symbol form, e.g. {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /** The word form, e.g. {@code ge}; the guides recommend it inside XML profiles. */
    public String word() {
        return word;
    }

    /** Whether this operator orders its operands, so it applies to integers and versions only. */
    public boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** Whether {@code spelling} writes this operator ({@code !} counts for {@link #NOT_EQUAL}). */
    public boolean isSpelledAs(String spelling) {
        return symbol.equals(spelling) || word.equals(spelling) || (this == NOT_EQUAL && LEGACY_NOT_EQUAL.equals(spelling));
    }

    /** The operator written as {@code spelling} (case-sensitive: words are lowercase). */
    public static Optional<ComparisonOperator> bySpelling(String spelling) {
        for (ComparisonOperator op : values()) {
            if (op.isSpelledAs(spelling)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** Whether a comparison result ({@code <0}, {@code 0}, {@code >0}) satisfies this operator. */
    boolean accepts(int comparison) {
        return switch (this) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }
}
