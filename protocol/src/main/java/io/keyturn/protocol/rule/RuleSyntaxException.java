package io.keyturn.protocol.rule;

import io.keyturn.protocol.ProtocolException;

/**
 * A rule or condition that does not parse, with the 1-based column where the problem is. The
 * message starts with {@code column N:} and never quotes text from an option value or an
 * assignment value, which may be secret.
 */
public final class RuleSyntaxException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final int column;

    RuleSyntaxException(Reason reason, int column, String message) {
        super(reason, "column " + column + ": " + message);
        this.column = column;
    }

    /** The 1-based column of the offending character in the text given to the parser. */
    public int column() {
        return column;
    }
}
