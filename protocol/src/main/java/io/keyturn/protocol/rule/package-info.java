/**
 * Profile_Rule, Upgrade_Rule and Report_Rule as an SPA device reads them (spa-protocol.md §1, §3).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.keyturn.protocol.rule.Rule#parse(String)} → an immutable tree
 *       ({@link io.keyturn.protocol.rule.Alternative}, {@link io.keyturn.protocol.rule.Condition},
 *       {@link io.keyturn.protocol.rule.Assignment}, {@link io.keyturn.protocol.rule.UrlOption},
 *       {@link io.keyturn.protocol.rule.RuleUrl}) whose {@code format()} parses back to an equal tree;
 *   <li>{@link io.keyturn.protocol.rule.Rule#evaluate(DeviceContext)} → the winning alternative's
 *       {@link io.keyturn.protocol.rule.Resolution}: expanded assignments, {@link io.keyturn.protocol.rule.FetchOptions}
 *       (key, POST body, alias map) and the {@link io.keyturn.protocol.rule.FetchTarget} with scheme and port explicit,
 *       or empty for "skip";
 *   <li>{@link io.keyturn.protocol.rule.MacroTemplate}: the macro expander, for anything else that expands
 *       macros (log messages, {@code --post} bodies);
 *   <li>{@link io.keyturn.protocol.rule.Condition#parse(String)} for Resync_Trigger_1/2;
 *   <li>{@link io.keyturn.protocol.rule.Version} for firmware versions.
 * </ul>
 *
 * <p>Errors are {@link io.keyturn.protocol.rule.RuleSyntaxException} (a {@code ProtocolException} with a column)
 * while parsing, and {@code ProtocolException} ({@code MALFORMED_URL}, {@code NO_SERVER}) while evaluating.
 * Where the guides are silent, the choices made are listed in {@code DESIGN.md} beside this package.
 */
package io.keyturn.protocol.rule;
