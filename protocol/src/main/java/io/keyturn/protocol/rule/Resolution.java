package io.keyturn.protocol.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device does with a rule once an alternative has won: the assignments it runs, the options
 * it fetches with, and where it fetches from. An alternative may have no URL (assignments only,
 * which always succeeds, spa-protocol.md §1.5), so the target is optional.
 *
 * @param alternative the 0-based index of the winning alternative
 * @param assignments parameter → expanded value, in the order run ({@code d} already named {@code GPP_D})
 */
public record Resolution(int alternative, Map<String, String> assignments, FetchOptions options,
        Optional<FetchTarget> target) {

    public Resolution {
        if (alternative < 0) {
            throw new IllegalArgumentException("alternative index must be >= 0");
        }
        Objects.requireNonNull(assignments, "assignments");
        assignments = assignments.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(target, "target");
    }

    /**
     * The device after the assignments ran: the context to expand the next rule in. The same
     * context when there were none.
     */
    public DeviceContext applyTo(DeviceContext device) {
        return assignments.isEmpty() ? device : device.withParameters(assignments);
    }

    /**
     * One line in rule syntax, with the key and password shown: {@code [--key K] tftp://host:69/path},
     * preceded by the expanded assignments when there are some; {@code no fetch} when the alternative
     * neither assigns nor fetches. Only for a caller that means to show the secrets.
     */
    public String formatRevealingSecrets() {
        StringBuilder out = new StringBuilder();
        if (!assignments.isEmpty()) {
            out.append('(');
            assignments.forEach((name, value) -> out.append(out.length() > 1 ? " " : "").append(name)
                    .append(" = \"").append(value).append("\";"));
            out.append(")!");
        }
        String opts = options.formatRevealingSecrets();
        if (!opts.isEmpty()) {
            out.append(out.length() > 0 ? " " : "").append('[').append(opts).append(']');
        }
        target.ifPresent(t -> out.append(out.length() > 0 ? " " : "").append(t.url()));
        return out.length() == 0 ? "no fetch" : out.toString();
    }

    /** The resolution without secrets: assignments by name only, options masked. */
    @Override
    public String toString() {
        return "Resolution[alternative=" + alternative + ", assigns=" + assignments.keySet() + ", options=" + options
                + ", target=" + target.map(FetchTarget::url).orElse("none") + "]";
    }
}
