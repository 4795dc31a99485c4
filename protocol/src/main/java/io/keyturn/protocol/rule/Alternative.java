package io.keyturn.protocol.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code |}-separated alternative of a rule: {@code [(cond)?] [(assignments)!] [[options] URL]},
 * every part optional but in that order, and at least one present (spa-protocol.md §1.1).
 *
 * @param assignments empty when the alternative has none
 * @param options empty when the alternative has none; options need a URL
 */
public record Alternative(Optional<Condition> condition, List<Assignment> assignments, List<UrlOption> options,
        Optional<RuleUrl> url) {

    public Alternative {
        Objects.requireNonNull(condition, "condition");
        assignments = List.copyOf(Objects.requireNonNull(assignments, "assignments"));
        options = List.copyOf(Objects.requireNonNull(options, "options"));
        Objects.requireNonNull(url, "url");
        if (!options.isEmpty() && url.isEmpty()) {
            throw new IllegalArgumentException("options need a URL");
        }
        if (condition.isEmpty() && assignments.isEmpty() && url.isEmpty()) {
            throw new IllegalArgumentException("an alternative needs a condition, assignments or a URL");
        }
        for (int i = 0; i < options.size(); i++) {
            for (int j = i + 1; j < options.size(); j++) {
                if (options.get(i).kind() == options.get(j).kind()) {
                    throw new IllegalArgumentException("--" + options.get(i).kind().optionName() + " given twice");
                }
            }
        }
    }

    /** An alternative that only fetches {@code url} (with no options). */
    public static Alternative fetch(String url) {
        return new Alternative(Optional.empty(), List.of(), List.of(), Optional.of(RuleUrl.of(url)));
    }

    /** Whether this alternative wins for these values: it has no condition, or its condition holds. */
    public boolean applies(MacroValues values) {
        return condition.isEmpty() || condition.get().test(values);
    }

    /**
     * Runs the alternative on a device that chose it: the assignments in order (each value expanded
     * against the device as changed by the assignments before it), then the options and the URL
     * against the device after all of them, because the device fetches after assigning
     * (spa-protocol.md §1.1).
     */
    Resolution resolve(int index, DeviceContext device) {
        Map<String, String> assigned = Map.of();
        DeviceContext after = device;
        if (!assignments.isEmpty()) {
            assigned = new LinkedHashMap<>();
            for (Assignment a : assignments) {
                String value = a.value().expand(after, MacroScope.ORDINARY);
                assigned.put(a.parameter(), value);
                after = after.withParameter(a.parameter(), value);
            }
        }
        FetchOptions resolvedOptions = FetchOptions.resolve(options, after);
        Optional<FetchTarget> target = url.isEmpty() ? Optional.empty()
                : Optional.of(url.get().resolve(after, after.dhcpServer().orElse(null)));
        return new Resolution(index, assigned, resolvedOptions, target);
    }

    /** The alternative in rule syntax. */
    public String format() {
        return format(false);
    }

    String format(boolean mask) {
        StringBuilder out = new StringBuilder();
        condition.ifPresent(c -> out.append('(').append(c.format()).append(")?"));
        if (!assignments.isEmpty()) {
            out.append(out.length() > 0 ? " " : "").append('(');
            for (int i = 0; i < assignments.size(); i++) {
                Assignment a = assignments.get(i);
                out.append(i > 0 ? " " : "").append(mask ? a.toString() : a.format());
            }
            out.append(")!");
        }
        if (!options.isEmpty()) {
            out.append(out.length() > 0 ? " " : "").append('[');
            for (int i = 0; i < options.size(); i++) {
                out.append(i > 0 ? " " : "").append(options.get(i).format(mask));
            }
            out.append(']');
        }
        url.ifPresent(u -> out.append(out.length() > 0 ? " " : "").append(u.format()));
        return out.toString();
    }

    /** {@link #format()} with literal keys and passwords shown as {@code ***}. */
    @Override
    public String toString() {
        return format(true);
    }
}
