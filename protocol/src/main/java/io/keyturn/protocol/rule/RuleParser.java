package io.keyturn.protocol.rule;

import io.keyturn.protocol.ProtocolException.Reason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The hand-written parser behind {@link Rule#parse} and {@link Condition#parse}. It works on index
 * ranges of the original text, so every error carries the column an operator can find.
 *
 * <p>Lexing: a {@code (} group ends at its matching {@code )}, counting nested parentheses (versions
 * like {@code 2.0.6(b)} and macros like {@code $(A:2)} nest) and skipping double-quoted text; an
 * options bracket ends at the first {@code ]} outside double quotes; a URL runs to the next
 * whitespace or {@code |} and may hold brackets, parentheses and {@code ?} as plain characters. A
 * {@code |} inside a quoted string or a group does not split alternatives.
 *
 * <p>Messages never quote text from option values or assignment values: they may be keys.
 */
final class RuleParser {

    private static final Set<String> OPERATOR_WORDS = Set.of("eq", "ne", "lt", "le", "gt", "ge");

    private enum TokenType { QUOTED, OPERATOR, WORD }

    /** A condition token; {@code text} excludes the quotes of a QUOTED token. */
    private record Token(TokenType type, String text, int index) {
    }

    private final String text;
    private final RuleKind kind;
    private int pos;

    private RuleParser(String text, RuleKind kind) {
        this.text = text;
        this.kind = kind;
    }

    static Rule parseRule(String text, RuleKind kind) {
        return new RuleParser(Objects.requireNonNull(text, "text"), Objects.requireNonNull(kind, "kind")).rule();
    }

    static Condition parseCondition(String text) {
        RuleParser p = new RuleParser(Objects.requireNonNull(text, "text"), null);
        p.checkCharacters(0, text.length(), Reason.MALFORMED_CONDITION);
        String trimmed = text.strip();
        if (trimmed.startsWith("(") && trimmed.endsWith(")?")) {
            throw p.error(Reason.MALFORMED_CONDITION, text.indexOf('('),
                    "a bare condition (as in Resync_Trigger_1) has no ( )? wrapper; remove it");
        }
        return p.condition(0, text.length());
    }

    // --- rules ---

    private Rule rule() {
        int start = skipWhitespace(0, text.length());
        if (start == text.length()) {
            return new Rule(kind, List.of(), Optional.empty());
        }
        if (text.charAt(start) == '#') {
            return new Rule(kind, List.of(), Optional.of(text.substring(start + 1)));
        }
        checkCharacters(start, text.length(), Reason.MALFORMED_RULE);
        List<Alternative> alternatives = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        pos = start;
        while (true) {
            starts.add(skipWhitespace(pos, text.length()));
            alternatives.add(alternative(!alternatives.isEmpty()));
            if (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                continue;
            }
            break;
        }
        for (int i = 0; i < alternatives.size() - 1; i++) {
            if (alternatives.get(i).condition().isEmpty()) {
                throw error(Reason.MALFORMED_RULE, starts.get(i), "alternative " + (i + 1)
                        + " has no condition, so it always wins and the alternatives after it are unreachable;"
                        + " every alternative but the last must start with a ( ... )? condition");
            }
        }
        return new Rule(kind, alternatives, Optional.empty());
    }

    /** One alternative from {@code pos}; stops at a top-level {@code |} or the end. */
    private Alternative alternative(boolean afterBar) {
        Condition condition = null;
        List<Assignment> assignments = List.of();
        List<UrlOption> options = List.of();
        RuleUrl url = null;
        int stage = 0; // 1 condition, 2 assignments, 3 options, 4 URL: the last part seen
        int optionsAt = -1;
        int n = text.length();
        while (true) {
            pos = skipWhitespace(pos, n);
            if (pos >= n || text.charAt(pos) == '|') {
                break;
            }
            char c = text.charAt(pos);
            switch (c) {
                case '(' -> {
                    int close = matchParenthesis(pos);
                    char mark = close + 1 < n ? text.charAt(close + 1) : 0;
                    if (mark == '?') {
                        if (stage >= 1) {
                            throw error(Reason.MALFORMED_RULE, pos, stage == 1
                                    ? "an alternative has one condition; join comparisons with 'and'"
                                    : "the condition must come first in an alternative" + missingBarHint(stage));
                        }
                        condition = condition(pos + 1, close);
                        stage = 1;
                    } else if (mark == '!') {
                        if (stage >= 2) {
                            throw error(Reason.MALFORMED_RULE, pos, stage == 2
                                    ? "an alternative has one assignment list; separate assignments with ';'"
                                    : "assignments must come before the options and the URL" + missingBarHint(stage));
                        }
                        assignments = assignments(pos + 1, close);
                        stage = 2;
                    } else if (mark == ')') {
                        throw error(Reason.UNBALANCED_RULE, close + 1, "')' closes nothing");
                    } else {
                        throw error(Reason.MALFORMED_RULE, close, "the group opened at column " + (pos + 1)
                                + " must end with ')?' (a condition) or ')!' (assignments)");
                    }
                    pos = close + 2;
                }
                case '[' -> {
                    if (!kind.acceptsOptions()) {
                        throw error(Reason.MALFORMED_RULE, pos, kind.parameterName() + " takes no URL options");
                    }
                    if (stage >= 3) {
                        throw error(Reason.MALFORMED_RULE, pos, stage == 3
                                ? "an alternative has one options bracket; put all options in it"
                                : "options must come before the URL" + missingBarHint(stage));
                    }
                    int close = matchBracket(pos);
                    options = options(pos + 1, close);
                    optionsAt = pos;
                    stage = 3;
                    pos = close + 1;
                }
                case ')', ']' -> throw error(Reason.UNBALANCED_RULE, pos, "'" + c + "' closes nothing");
                case '"' -> {
                    if (text.indexOf('"', pos + 1) < 0) {
                        throw error(Reason.UNBALANCED_RULE, pos, "the quote opened here is never closed");
                    }
                    throw error(Reason.MALFORMED_RULE, pos, stage == 4
                            ? "unexpected text after the URL; separate alternatives with '|'"
                            : pos == skipWhitespace(0, n) ? "a rule is not quoted; quotes around a whole rule belong to"
                                    + " SPC source: remove them"
                                    : "quoted text belongs inside a condition, assignments or options");
                }
                default -> {
                    if (stage == 4) {
                        throw error(Reason.MALFORMED_RULE, pos,
                                "unexpected text after the URL; separate alternatives with '|'");
                    }
                    url = url();
                    stage = 4;
                }
            }
        }
        if (stage == 0) {
            throw error(Reason.MALFORMED_RULE, pos, afterBar ? "empty alternative after '|'" : "empty alternative before '|'");
        }
        if (stage == 3) {
            throw error(Reason.MALFORMED_RULE, optionsAt, "options must be followed by a URL");
        }
        return new Alternative(Optional.ofNullable(condition), assignments, options, Optional.ofNullable(url));
    }

    private static String missingBarHint(int stage) {
        return stage == 4 ? " (is a '|' missing after the URL?)" : "";
    }

    /** Index of the {@code )} matching the {@code (} at {@code open}. */
    private int matchParenthesis(int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = closingQuote(i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw error(Reason.UNBALANCED_RULE, open, "'(' is never closed");
    }

    /** Index of the {@code ]} closing the {@code [} at {@code open}. */
    private int matchBracket(int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = closingQuote(i);
            } else if (c == ']') {
                return i;
            }
        }
        throw error(Reason.UNBALANCED_RULE, open, "'[' is never closed");
    }

    private int closingQuote(int open) {
        int close = text.indexOf('"', open + 1);
        if (close < 0) {
            throw error(Reason.UNBALANCED_RULE, open, "the quote opened here is never closed");
        }
        return close;
    }

    private RuleUrl url() {
        int start = pos;
        int n = text.length();
        while (pos < n && !RuleText.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '|') {
            if (text.charAt(pos) == '"') {
                throw error(Reason.MALFORMED_URL, pos, "a URL cannot contain a double quote");
            }
            pos++;
        }
        MacroTemplate template = MacroTemplate.parse(text.substring(start, pos));
        String problem = RuleUrl.problemWith(template);
        if (problem != null) {
            throw error(Reason.MALFORMED_URL, start, problem);
        }
        return new RuleUrl(template);
    }

    // --- options ---

    private List<UrlOption> options(int from, int to) {
        List<UrlOption> options = new ArrayList<>();
        Set<UrlOption.Kind> seen = EnumSet.noneOf(UrlOption.Kind.class);
        boolean afterSecret = false;
        int i = from;
        while (true) {
            i = skipWhitespace(i, to);
            if (i >= to) {
                break;
            }
            int nameAt = i;
            if (text.charAt(i) == '"') {
                throw error(Reason.MALFORMED_RULE, i, "expected an option name such as --key, not a quoted value");
            }
            i = wordEnd(i, to);
            String name = text.substring(nameAt, i);
            if (!name.startsWith("--")) {
                throw error(Reason.MALFORMED_RULE, nameAt, "expected an option name (" + accepted() + ")"
                        + (afterSecret ? "; a value with spaces must be quoted" : ""));
            }
            Optional<UrlOption.Kind> known = UrlOption.Kind.byOptionName(name.substring(2));
            if (known.isEmpty()) {
                // A word after a key may be part of the key: only name it when no secret came before.
                throw error(Reason.MALFORMED_RULE, nameAt, "unknown option"
                        + (afterSecret ? "" : " " + RuleText.quoteForMessage(name)) + "; "
                        + kind.parameterName() + " accepts " + accepted());
            }
            UrlOption.Kind option = known.get();
            if (!kind.accepts(option)) {
                throw error(Reason.MALFORMED_RULE, nameAt, kind.parameterName() + " does not accept --"
                        + option.optionName() + "; it accepts " + accepted());
            }
            if (!seen.add(option)) {
                throw error(Reason.MALFORMED_RULE, nameAt, "--" + option.optionName() + " is given twice");
            }
            afterSecret |= option.isSecret();
            if (!option.takesValue()) {
                options.add(UrlOption.flag(option));
                continue;
            }
            i = skipWhitespace(i, to);
            if (i >= to) {
                throw error(Reason.MALFORMED_RULE, nameAt, "--" + option.optionName() + " needs a value");
            }
            int valueAt = i;
            String value;
            boolean quoted = text.charAt(i) == '"';
            if (quoted) {
                int close = text.indexOf('"', i + 1);
                value = text.substring(i + 1, close);
                i = close + 1;
                if (i < to && !RuleText.isWhitespace(text.charAt(i))) {
                    throw error(Reason.MALFORMED_RULE, i, "expected a space after the quoted value of --"
                            + option.optionName());
                }
            } else {
                i = wordEnd(i, to);
                value = text.substring(valueAt, i);
                if (value.startsWith("--")) {
                    throw error(Reason.MALFORMED_RULE, nameAt, "--" + option.optionName() + " needs a value");
                }
            }
            String problem = UrlOption.problemWithValue(option, value, quoted);
            if (problem != null) {
                throw error(Reason.MALFORMED_RULE, valueAt, problem);
            }
            options.add(new UrlOption(option, Optional.of(MacroTemplate.parse(value)), quoted));
        }
        if (options.isEmpty()) {
            throw error(Reason.MALFORMED_RULE, from - 1, "empty options bracket");
        }
        return options;
    }

    /** End of an unquoted word inside options; a quote inside it is an error. */
    private int wordEnd(int i, int to) {
        while (i < to && !RuleText.isWhitespace(text.charAt(i))) {
            if (text.charAt(i) == '"') {
                throw error(Reason.MALFORMED_RULE, i, "a quote cannot start inside a word; quote the whole value");
            }
            i++;
        }
        return i;
    }

    private String accepted() {
        StringJoiner names = new StringJoiner(", ");
        for (UrlOption.Kind k : UrlOption.Kind.values()) {
            if (kind.accepts(k)) {
                names.add("--" + k.optionName());
            }
        }
        return names.toString();
    }

    // --- assignments ---

    private List<Assignment> assignments(int from, int to) {
        List<Assignment> assignments = new ArrayList<>();
        int i = from;
        while (true) {
            i = skipWhitespace(i, to);
            if (i >= to) {
                break;
            }
            int nameAt = i;
            while (i < to && (RuleText.isLetter(text.charAt(i)) || RuleText.isDigit(text.charAt(i))
                    || text.charAt(i) == '_')) {
                i++;
            }
            if (i == nameAt) {
                throw error(Reason.MALFORMED_RULE, i, "expected a parameter name");
            }
            String name = text.substring(nameAt, i);
            if (i < to && text.charAt(i) == '[') {
                throw error(Reason.MALFORMED_RULE, i, "write per-line parameters in their XML form,"
                        + " e.g. Line_Enable_1_ rather than Line_Enable[1]");
            }
            String problem = Assignment.problemWithName(name);
            if (problem != null) {
                throw error(Reason.MALFORMED_RULE, nameAt, problem);
            }
            i = skipWhitespace(i, to);
            if (i >= to || text.charAt(i) != '=') {
                throw error(Reason.MALFORMED_RULE, i, "expected '=' after " + name);
            }
            i = skipWhitespace(i + 1, to);
            if (i >= to || text.charAt(i) != '"') {
                throw error(Reason.MALFORMED_RULE, i, "the value of " + name + " must be in double quotes");
            }
            int close = text.indexOf('"', i + 1);
            assignments.add(new Assignment(name, MacroTemplate.parse(text.substring(i + 1, close))));
            i = skipWhitespace(close + 1, to);
            if (i >= to) {
                break;
            }
            if (text.charAt(i) != ';') {
                throw error(Reason.MALFORMED_RULE, i, "expected ';' between assignments");
            }
            i++;
        }
        if (assignments.isEmpty()) {
            throw error(Reason.MALFORMED_RULE, from - 1, "empty assignment list");
        }
        return assignments;
    }

    // --- conditions ---

    private Condition condition(int from, int to) {
        List<Token> tokens = tokens(from, to);
        if (tokens.isEmpty()) {
            throw error(Reason.MALFORMED_CONDITION, Math.max(from - 1, 0), "empty condition");
        }
        List<Comparison> comparisons = new ArrayList<>();
        int t = 0;
        while (true) {
            Token first = tokens.get(t);
            Operand left;
            if (isOperator(first)) {
                // Before firmware 2.0.6 a missing left side meant $SWVER: "! 1.0.33" (spa-protocol.md §1.2).
                left = new Operand.ImpliedSoftwareVersion();
            } else {
                left = operand(first, null);
                t++;
            }
            if (t >= tokens.size()) {
                throw error(Reason.MALFORMED_CONDITION, to, "expected an operator after " + show(first));
            }
            Token op = tokens.get(t);
            if (!isOperator(op)) {
                String hint = op.type == TokenType.WORD && OPERATOR_WORDS.contains(op.text.toLowerCase(Locale.ROOT))
                        ? "; operator words are lowercase" : "";
                throw error(Reason.MALFORMED_CONDITION, op.index, "expected an operator (=, !=, <, <=, >, >=, eq, ne,"
                        + " lt, le, gt, ge) after " + show(tokens.get(t - 1)) + ", found " + show(op) + hint);
            }
            ComparisonOperator operator = ComparisonOperator.bySpelling(op.text).orElseThrow();
            t++;
            if (t >= tokens.size()) {
                throw error(Reason.MALFORMED_CONDITION, to, "expected an operand after '" + op.text + "'");
            }
            Token second = tokens.get(t);
            Operand right = operand(second, op);
            t++;
            String problem = Comparison.problemWith(left, operator, right);
            if (problem != null) {
                throw error(Reason.MALFORMED_CONDITION, op.index, problem);
            }
            comparisons.add(new Comparison(left, operator, op.text, right));
            if (t >= tokens.size()) {
                break;
            }
            Token joint = tokens.get(t);
            if (joint.type == TokenType.WORD && (joint.text.equals("and") || joint.text.equals("AND"))) {
                t++;
                if (t >= tokens.size()) {
                    throw error(Reason.MALFORMED_CONDITION, to, "expected a comparison after '" + joint.text + "'");
                }
                continue;
            }
            boolean or = joint.type == TokenType.WORD && joint.text.equalsIgnoreCase("or");
            throw error(Reason.MALFORMED_CONDITION, joint.index, "expected 'and' or the end of the condition, found "
                    + show(joint) + (or ? "; conditions have no 'or': write another alternative" : ""));
        }
        return new Condition(comparisons);
    }

    private Operand operand(Token token, Token after) {
        if (token.type == TokenType.QUOTED) {
            return new Operand.Quoted(MacroTemplate.parse(token.text));
        }
        if (isOperator(token) || token.text.equals("and") || token.text.equals("AND")) {
            throw error(Reason.MALFORMED_CONDITION, token.index, "expected an operand"
                    + (after == null ? "" : " after '" + after.text + "'") + ", found " + show(token));
        }
        MacroTemplate template = MacroTemplate.parse(token.text);
        String problem = Operand.Bare.problemWith(template);
        if (problem != null) {
            throw error(Reason.MALFORMED_CONDITION, token.index, problem);
        }
        return new Operand.Bare(template);
    }

    private static boolean isOperator(Token token) {
        return token.type == TokenType.OPERATOR || (token.type == TokenType.WORD && OPERATOR_WORDS.contains(token.text));
    }

    /** A token for a message; quoted strings are not repeated, as they may hold anything. */
    private static String show(Token token) {
        return token.type == TokenType.QUOTED ? "a quoted string" : RuleText.quoteForMessage(token.text);
    }

    private List<Token> tokens(int from, int to) {
        List<Token> tokens = new ArrayList<>();
        int i = from;
        while (true) {
            i = skipWhitespace(i, to);
            if (i >= to) {
                return tokens;
            }
            char c = text.charAt(i);
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0 || close >= to) {
                    throw error(Reason.UNBALANCED_RULE, i, "the quote opened here is never closed");
                }
                tokens.add(new Token(TokenType.QUOTED, text.substring(i + 1, close), i));
                i = close + 1;
            } else if (isOperatorChar(c)) {
                int end = i + 1;
                if (c != '=' && end < to && text.charAt(end) == '=') {
                    end++;
                } else if (c == '=' && end < to && text.charAt(end) == '=') {
                    throw error(Reason.MALFORMED_CONDITION, i, "'==' is not an operator; use '=' or 'eq'");
                }
                tokens.add(new Token(TokenType.OPERATOR, text.substring(i, end), i));
                i = end;
            } else {
                int end = i;
                while (end < to && !RuleText.isWhitespace(text.charAt(end)) && text.charAt(end) != '"'
                        && !isOperatorChar(text.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(TokenType.WORD, text.substring(i, end), i));
                i = end;
            }
        }
    }

    private static boolean isOperatorChar(char c) {
        return c == '=' || c == '!' || c == '<' || c == '>';
    }

    // --- shared ---

    /** SPA firmware supports ASCII only; control characters are never part of a rule. */
    private void checkCharacters(int from, int to, Reason malformed) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c > 0x7e) {
                String hint = c == '\u201c' || c == '\u201d' ? "; a typographic quote: use a plain \" instead"
                        : c == '\u2018' || c == '\u2019' ? "; a typographic apostrophe" : "";
                throw error(Reason.NON_ASCII, i, String.format("character U+%04X is not ASCII%s", (int) c, hint));
            }
            if (c < 0x20 && !RuleText.isWhitespace(c)) {
                throw error(malformed, i, String.format("control character U+%04X", (int) c));
            }
        }
    }

    private int skipWhitespace(int i, int to) {
        while (i < to && RuleText.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private RuleSyntaxException error(Reason reason, int index, String message) {
        return new RuleSyntaxException(reason, index + 1, message);
    }
}
