package io.keyturn.protocol.rule;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of the winning alternative after macro expansion: the key to decrypt with, what to
 * POST, the alias map, HTTP credentials. {@link #toString()} never shows the key or the password;
 * {@link #key()} and {@link #password()} return them to a caller that asks.
 */
public final class FetchOptions {

    /** No options at all. */
    public static final FetchOptions NONE = new FetchOptions(null, null, null, null, null, null, null, false);

    private final String key;
    private final Macro postParameter;
    private final String postBody;
    private final Macro aliasParameter;
    private final String aliasMap;
    private final String user;
    private final String password;
    private final boolean delta;

    private FetchOptions(String key, Macro postParameter, String postBody, Macro aliasParameter, String aliasMap,
            String user, String password, boolean delta) {
        this.key = key;
        this.postParameter = postParameter;
        this.postBody = postBody;
        this.aliasParameter = aliasParameter;
        this.aliasMap = aliasMap;
        this.user = user;
        this.password = password;
        this.delta = delta;
    }

    /**
     * Expands the options as the device does: {@code --key} in key scope (so {@code $SA}..{@code $SD}
     * expand), {@code --post}/{@code --alias} by reading the named GPP parameter and expanding its
     * content in ordinary scope (spa-protocol.md §1.4, §3), everything else in ordinary scope.
     */
    static FetchOptions resolve(List<UrlOption> options, MacroValues values) {
        if (options.isEmpty()) {
            return NONE;
        }
        String key = null;
        Macro post = null;
        String postBody = null;
        Macro alias = null;
        String aliasMap = null;
        String user = null;
        String password = null;
        boolean delta = false;
        for (UrlOption option : options) {
            MacroTemplate value = option.value().orElse(null);
            switch (option.kind()) {
                case KEY -> key = value.expand(values, MacroScope.KEY);
                case POST -> {
                    post = Macro.gppLetter(value.source().charAt(0)).orElseThrow();
                    postBody = MacroTemplate.expand(Objects.requireNonNullElse(values.value(post), ""), values);
                }
                case ALIAS -> {
                    alias = Macro.gppLetter(value.source().charAt(0)).orElseThrow();
                    aliasMap = MacroTemplate.expand(Objects.requireNonNullElse(values.value(alias), ""), values);
                }
                case UID -> user = value.expand(values, MacroScope.ORDINARY);
                case PWD -> password = value.expand(values, MacroScope.ORDINARY);
                case DELTA -> delta = true;
            }
        }
        return new FetchOptions(key, post, postBody, alias, aliasMap, user, password, delta);
    }

    /** The expanded {@code --key}: the passphrase the profile is encrypted with. A secret. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** Whether a {@code --key} was given. */
    public boolean hasKey() {
        return key != null;
    }

    /** The GPP parameter named by {@code --post}, e.g. {@code GPP_A}. */
    public Optional<String> postParameter() {
        return Optional.ofNullable(postParameter).flatMap(Macro::parameter);
    }

    /** The POST body: the {@code --post} parameter's content, macro-expanded. */
    public Optional<String> postBody() {
        return Optional.ofNullable(postBody);
    }

    /** The GPP parameter named by {@code --alias}. */
    public Optional<String> aliasParameter() {
        return Optional.ofNullable(aliasParameter).flatMap(Macro::parameter);
    }

    /** The alias map: the {@code --alias} parameter's content, macro-expanded. */
    public Optional<String> aliasMap() {
        return Optional.ofNullable(aliasMap);
    }

    /** The expanded {@code --uid}. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The expanded {@code --pwd}. A secret. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Whether {@code --delta} was given (Report_Rule). */
    public boolean delta() {
        return delta;
    }

    /** Whether no option was given. */
    public boolean isEmpty() {
        return key == null && postParameter == null && aliasParameter == null && user == null && password == null
                && !delta;
    }

    /**
     * The options in rule syntax <em>with</em> the key and password, e.g.
     * {@code --key 0123abcd --post a}; empty when there are none. Only for a caller that means to
     * show the secrets, like the {@code keyturn rule expand} command an operator runs.
     */
    public String formatRevealingSecrets() {
        return format(false);
    }

    private String format(boolean mask) {
        StringBuilder out = new StringBuilder();
        append(out, "key", key, mask);
        if (postParameter != null) {
            append(out, "post", String.valueOf((char) ('a' + postParameter.ordinal())), false);
        }
        if (aliasParameter != null) {
            append(out, "alias", String.valueOf((char) ('a' + aliasParameter.ordinal())), false);
        }
        append(out, "uid", user, false);
        append(out, "pwd", password, mask);
        if (delta) {
            out.append(out.length() > 0 ? " " : "").append("--delta");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, String value, boolean mask) {
        if (value == null) {
            return;
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append("--").append(name).append(' ');
        if (mask) {
            out.append("***");
        } else if (RuleText.needsQuotes(value) && value.indexOf('"') < 0) {
            out.append('"').append(value).append('"');
        } else {
            out.append(value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchOptions f && Objects.equals(key, f.key) && postParameter == f.postParameter
                && Objects.equals(postBody, f.postBody) && aliasParameter == f.aliasParameter
                && Objects.equals(aliasMap, f.aliasMap) && Objects.equals(user, f.user)
                && Objects.equals(password, f.password) && delta == f.delta;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, postParameter, postBody, aliasParameter, aliasMap, user, password, delta);
    }

    /** The options with the key and password shown as {@code ***}. */
    @Override
    public String toString() {
        return "[" + format(true) + "]";
    }
}
