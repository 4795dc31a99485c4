package io.keyturn.console;

import java.util.Locale;
import java.util.regex.Pattern;

/** MAC addresses as operators type them ({@code 00:0E:08:AA:BB:CC}, {@code 000e.08aa.bbcc}) and as keyturn keys them. */
final class Macs {

    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{12}");

    private Macs() {
    }

    /** The 12-lowercase-hex form, or the input unchanged (stripped) when it is not a MAC in any usual spelling. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String s = typed.strip().toLowerCase(Locale.ROOT).replace(":", "").replace("-", "").replace(".", "");
        return CANONICAL.matcher(s).matches() ? s : typed.strip();
    }

    static boolean isMac(String typed) {
        return typed != null && CANONICAL.matcher(normalise(typed)).matches();
    }
}
