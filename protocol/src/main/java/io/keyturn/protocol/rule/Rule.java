package io.keyturn.protocol.rule;

import io.keyturn.protocol.ProtocolException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Profile_Rule (or Upgrade_Rule, Report_Rule): {@code |}-separated alternatives, tried
 * left to right; the first whose condition holds (or that has none) wins (spa-protocol.md §1.1).
 *
 * <p>Every alternative but the last must carry a condition. The guides say it "must"; a device would
 * simply let an unconditional alternative win and never reach the ones after it. keyturn refuses such
 * a rule ({@code MALFORMED_RULE}), because the unreachable alternatives are always a mistake, and a
 * rule keyturn publishes must mean what it says. A rule whose first non-blank character is {@code #}
 * is commented out, and a blank or commented-out rule is empty: the device skips the parameter.
 *
 * <p>{@link #format()} writes the rule back in a canonical spacing that {@link #parse} reads to an
 * equal rule. {@link #toString()} is the same text with literal {@code --key}/{@code --pwd} values
 * (and values assigned to GPP_SA..SD) shown as {@code ***}; a key given as macros ({@code --key $A})
 * is shown, since it names where the key lives rather than being one.
 *
 * @param comment the text after {@code #} of a commented-out rule
 */
public record Rule(RuleKind kind, List<Alternative> alternatives, Optional<String> comment) {

    public Rule {
        Objects.requireNonNull(kind, "kind");
        alternatives = List.copyOf(Objects.requireNonNull(alternatives, "alternatives"));
        Objects.requireNonNull(comment, "comment");
        if (comment.isPresent() && !alternatives.isEmpty()) {
            throw new IllegalArgumentException("a commented-out rule has no alternatives");
        }
        for (int i = 0; i < alternatives.size() - 1; i++) {
            if (alternatives.get(i).condition().isEmpty()) {
                throw new IllegalArgumentException("alternative " + (i + 1)
                        + " has no condition; only the last alternative may omit it");
            }
        }
        for (Alternative a : alternatives) {
            for (UrlOption o : a.options()) {
                if (!kind.accepts(o.kind())) {
                    throw new IllegalArgumentException(kind.parameterName() + " does not accept --" + o.kind().optionName());
                }
            }
        }
    }

    /** A Profile_Rule of these alternatives. */
    public static Rule of(Alternative... alternatives) {
        return new Rule(RuleKind.PROFILE_RULE, List.of(alternatives), Optional.empty());
    }

    /**
     * Parses a Profile_Rule.
     *
     * @throws RuleSyntaxException {@code MALFORMED_RULE}, {@code UNBALANCED_RULE}, {@code MALFORMED_CONDITION},
     *     {@code MALFORMED_URL} or {@code NON_ASCII}, with the column
     */
    public static Rule parse(String text) {
        return parse(text, RuleKind.PROFILE_RULE);
    }

    /** Parses a rule of the given kind; see {@link #parse(String)}. */
    public static Rule parse(String text, RuleKind kind) {
        return RuleParser.parseRule(text, kind);
    }

    /** Whether the device skips this rule outright: blank or commented out. */
    public boolean isEmpty() {
        return alternatives.isEmpty();
    }

    /**
     * Evaluates the rule for a device: the first alternative that applies, run (assignments, then
     * options and URL expanded against the device after them). Empty when the rule is empty or no
     * alternative applies, which the device treats as "skip this parameter".
     *
     * @throws io.keyturn.protocol.ProtocolException {@code MALFORMED_URL} when the winning URL expands to
     *     something that is not a URL, {@code NO_SERVER} when it names no server and the device has no
     *     DHCP option 66 server
     */
    public Optional<Resolution> evaluate(DeviceContext device) {
        Objects.requireNonNull(device, "device");
        for (int i = 0; i < alternatives.size(); i++) {
            Alternative a = alternatives.get(i);
            if (a.applies(device)) {
                return Optional.of(a.resolve(i, device));
            }
        }
        return Optional.empty();
    }

    /** The rule in canonical syntax, secrets included; {@code parse(format())} equals this rule. */
    public String format() {
        return format(false);
    }

    private String format(boolean mask) {
        if (comment.isPresent()) {
            return "#" + (mask ? maskedComment(comment.get()) : comment.get());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < alternatives.size(); i++) {
            out.append(i > 0 ? " | " : "").append(alternatives.get(i).format(mask));
        }
        return out.toString();
    }

    /**
     * A commented-out rule may still hold a literal key: show it masked when it parses as a rule,
     * and not at all when it does not.
     */
    private String maskedComment(String text) {
        try {
            return RuleParser.parseRule(text, kind).toString();
        } catch (ProtocolException e) {
            return "<" + text.length() + " characters not shown>";
        }
    }

    /** {@link #format()} with literal secrets shown as {@code ***}. */
    @Override
    public String toString() {
        return format(true);
    }
}
