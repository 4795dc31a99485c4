package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, ordered set of {@link Parameter}s: what one profile says to a device
 * (spa-protocol.md §4). A parameter the profile does not mention keeps its value and access on the
 * device; each name appears at most once.
 *
 * <p>Order is the order of first mention. It does not change what the device does, but it is kept so
 * that a profile written out reads like its source, and {@link #equals} compares it.
 *
 * <p>Names are stored in XML form ({@code Proxy_1_}); every method that takes a name also accepts a
 * web-UI label or SPC form ({@code Proxy[1]}) and maps it with {@link ParameterNames#fromLabel}.
 *
 * <p>{@link #toString()} lists names only: values carry keys and passwords.
 */
public final class FlatProfile {

    private static final FlatProfile EMPTY = new FlatProfile(new Parameter[0], Map.of());

    private final Parameter[] parameters;
    /** Name to position in {@link #parameters}; never modified after construction, so profiles may share it. */
    private final Map<String, Integer> index;

    private FlatProfile(Parameter[] parameters, Map<String, Integer> index) {
        this.parameters = parameters;
        this.index = index;
    }

    /** The profile that mentions nothing. */
    public static FlatProfile empty() {
        return EMPTY;
    }

    /** A builder for a new profile. */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder that starts with this profile's parameters, in this order. */
    public Builder toBuilder() {
        LinkedHashMap<String, Parameter> copy = new LinkedHashMap<>(capacity(parameters.length));
        for (Parameter p : parameters) {
            copy.put(p.name(), p);
        }
        return new Builder(copy);
    }

    /** The parameters in order of first mention, as an unmodifiable view. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(Arrays.asList(parameters));
    }

    /** How many parameters the profile mentions. */
    public int size() {
        return parameters.length;
    }

    /** Whether the profile mentions no parameter at all. */
    public boolean isEmpty() {
        return parameters.length == 0;
    }

    /** The parameter with this name, or empty if the profile does not mention it. */
    public Optional<Parameter> parameter(String name) {
        Integer i = find(name);
        return i == null ? Optional.empty() : Optional.of(parameters[i]);
    }

    /**
     * The value this profile sets for {@code name}; empty if it does not mention the name or leaves
     * the value unchanged ({@code <Name/>}). Use {@link #parameter} to tell those two apart.
     */
    public Optional<String> value(String name) {
        Integer i = find(name);
        return i == null ? Optional.empty() : Optional.ofNullable(parameters[i].rawValue());
    }

    /**
     * The profile a device ends up with when it applies this profile and then {@code update}
     * (§4.1, §4.3): for each parameter of {@code update}, a present value replaces this one's and an
     * absent value keeps it; a stated user access replaces this one's and an absent one keeps it.
     * Parameters only in {@code update} are appended in its order.
     */
    public FlatProfile apply(FlatProfile update) {
        if (update.parameters.length == 0) {
            return this;
        }
        if (parameters.length == 0) {
            return update;
        }
        Parameter[] out = Arrays.copyOf(parameters, parameters.length + update.parameters.length);
        int n = parameters.length;
        Map<String, Integer> outIndex = index;
        for (Parameter later : update.parameters) {
            Integer i = outIndex.get(later.name());
            if (i != null) {
                out[i] = out[i].then(later);
            } else {
                if (outIndex == index) {
                    // Copied only when update brings new names: the usual render (template plus a few
                    // per-device values) shares the template's index.
                    outIndex = new HashMap<>(capacity(parameters.length + update.parameters.length));
                    outIndex.putAll(index);
                }
                outIndex.put(later.name(), n);
                out[n++] = later;
            }
        }
        return new FlatProfile(n == out.length ? out : Arrays.copyOf(out, n), outIndex);
    }

    /** Package access for the writers, which must not pay for a list view per render. */
    Parameter[] array() {
        return parameters;
    }

    private Integer find(String name) {
        Integer i = index.get(name);
        if (i == null && !ParameterNames.isValid(name)) {
            try {
                i = index.get(ParameterNames.fromLabel(name));
            } catch (ProtocolException e) {
                // A name no device could hold is simply not in the profile.
                return null;
            }
        }
        return i;
    }

    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /** Same parameters (names, values, access) in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FlatProfile other && Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parameters);
    }

    /** The parameter count and the first names; never values. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("FlatProfile[").append(parameters.length).append(" parameters");
        for (int i = 0; i < parameters.length && i < 8; i++) {
            out.append(i == 0 ? ": " : ", ").append(parameters[i].name());
        }
        return out.append(parameters.length > 8 ? ", ...]" : "]").toString();
    }

    /**
     * Builds a {@link FlatProfile}. Each method states one thing about one parameter and replaces
     * what the builder held for that aspect; a name keeps the position of its first mention. Unlike
     * {@link FlatProfile#apply}, {@link #unchanged} does erase a value set earlier in the builder: the
     * builder says what the profile will contain, not what a device will end up with.
     *
     * <p>All methods throw {@link io.keyturn.protocol.ProtocolException} for a name or value a device
     * cannot hold (see {@link Parameter#of(String, String)}).
     */
    public static final class Builder {

        private final LinkedHashMap<String, Parameter> parameters;

        private Builder(LinkedHashMap<String, Parameter> parameters) {
            this.parameters = parameters;
        }

        /** Sets the value; the user access stays as this builder has it (none for a new name). */
        public Builder set(String name, String value) {
            Parameter p = Parameter.of(name, value);
            Parameter old = parameters.get(p.name());
            return put(old == null ? p : p.withAccess(old.rawAccess()));
        }

        /** Sets the value and the user access. */
        public Builder set(String name, String value, UserAccess access) {
            return put(Parameter.of(name, value, Objects.requireNonNull(access, "access")));
        }

        /** Sets the user access; the value stays as this builder has it (absent for a new name). */
        public Builder access(String name, UserAccess access) {
            Objects.requireNonNull(access, "access");
            String stored = ParameterNames.fromLabel(name);
            Parameter old = parameters.get(stored);
            return put(old == null ? Parameter.unchanged(stored, access) : old.withAccess(access));
        }

        /**
         * Makes the value absent, so the profile leaves the device's value unchanged ({@code <Name/>});
         * the user access stays as this builder has it.
         */
        public Builder unchanged(String name) {
            String stored = ParameterNames.fromLabel(name);
            Parameter old = parameters.get(stored);
            return put(Parameter.unchanged(stored, old == null ? null : old.rawAccess()));
        }

        /** Replaces everything this builder holds for {@code parameter}'s name. */
        public Builder put(Parameter parameter) {
            parameters.put(parameter.name(), parameter);
            return this;
        }

        /** Forgets the name: the profile will not mention it. */
        public Builder remove(String name) {
            parameters.remove(ParameterNames.fromLabel(name));
            return this;
        }

        /** Applies {@code later} after what this builder holds for its name, as a device would. */
        Builder then(Parameter later) {
            parameters.merge(later.name(), later, Parameter::then);
            return this;
        }

        /** The profile; the builder may be used further without affecting it. */
        public FlatProfile build() {
            if (parameters.isEmpty()) {
                return EMPTY;
            }
            Parameter[] array = parameters.values().toArray(new Parameter[0]);
            Map<String, Integer> index = new HashMap<>(capacity(array.length));
            for (int i = 0; i < array.length; i++) {
                index.put(array[i].name(), i);
            }
            return new FlatProfile(array, index);
        }
    }
}
