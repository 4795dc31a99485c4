package io.keyturn.protocol.rule;

/**
 * Where a {@link MacroTemplate} takes its values from: a device ({@link DeviceContext}) or anything
 * else that knows them, such as a log-message renderer that also knows the URL being fetched.
 */
@FunctionalInterface
public interface MacroValues {

    /**
     * The current value of a macro. A known macro the source holds no value for expands to the empty
     * string, as a device's empty parameter does; return {@code ""} (null is read the same way).
     */
    String value(Macro macro);
}
