package io.keyturn.protocol.rule;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The macro table of spa-protocol.md §3: every name a device expands after {@code $}, with the
 * parameter it reads (if any) and the kind of value it holds.
 *
 * <p>The constant names are the macro names, so {@code Macro.valueOf("MAU")} works; {@link #byName}
 * is the lookup that never throws.
 */
public enum Macro {
    /** Contents of GPP_A. */
    A(Type.ANY, "GPP_A"),
    /** Contents of GPP_B. */
    B(Type.ANY, "GPP_B"),
    /** Contents of GPP_C. */
    C(Type.ANY, "GPP_C"),
    /** Contents of GPP_D. */
    D(Type.ANY, "GPP_D"),
    /** Contents of GPP_E. */
    E(Type.ANY, "GPP_E"),
    /** Contents of GPP_F. */
    F(Type.ANY, "GPP_F"),
    /** Contents of GPP_G. */
    G(Type.ANY, "GPP_G"),
    /** Contents of GPP_H. */
    H(Type.ANY, "GPP_H"),
    /** Contents of GPP_I. */
    I(Type.ANY, "GPP_I"),
    /** Contents of GPP_J. */
    J(Type.ANY, "GPP_J"),
    /** Contents of GPP_K. */
    K(Type.ANY, "GPP_K"),
    /** Contents of GPP_L. */
    L(Type.ANY, "GPP_L"),
    /** Contents of GPP_M. */
    M(Type.ANY, "GPP_M"),
    /** Contents of GPP_N. */
    N(Type.ANY, "GPP_N"),
    /** Contents of GPP_O. */
    O(Type.ANY, "GPP_O"),
    /** Contents of GPP_P. */
    P(Type.ANY, "GPP_P"),
    /** Contents of GPP_SA; expands only inside a {@code --key} value. */
    SA(Type.ANY, "GPP_SA"),
    /** Contents of GPP_SB; expands only inside a {@code --key} value. */
    SB(Type.ANY, "GPP_SB"),
    /** Contents of GPP_SC; expands only inside a {@code --key} value. */
    SC(Type.ANY, "GPP_SC"),
    /** Contents of GPP_SD; expands only inside a {@code --key} value. */
    SD(Type.ANY, "GPP_SD"),
    /** MAC in lowercase hex, {@code 000e08aabbcc}. */
    MA(Type.TEXT, null),
    /** MAC in uppercase hex, {@code 000E08AABBCC}. */
    MAU(Type.TEXT, null),
    /** MAC in lowercase hex with colons, {@code 00:0e:08:aa:bb:cc}. */
    MAC(Type.TEXT, null),
    /** Product name, {@code SPA2102}. */
    PN(Type.TEXT, null),
    /** Product series number, {@code 2102}. */
    PSN(Type.ANY, null),
    /** Serial number. */
    SN(Type.TEXT, null),
    /** {@code Installed} or {@code Not Installed}: whether the unit has a unique client certificate. */
    CCERT(Type.TEXT, null),
    /** LAN IP address. */
    IP(Type.TEXT, null),
    /** External IP address as seen from the Internet. */
    EXTIP(Type.TEXT, null),
    /** Software version, {@code 2.0.6(b)}. */
    SWVER(Type.VERSION, null),
    /** Hardware version, {@code 1.88.1}. */
    HWVER(Type.VERSION, null),
    /** Provisioning state: -1 explicit request, 0 power-up, 1 periodic, 2 retry after failure. */
    PRVST(Type.NUMBER, null),
    /** Upgrade state: 1 first attempt, 2 retry. */
    UPGST(Type.NUMBER, null),
    /** ERR text of the previous upgrade attempt. */
    UPGERR(Type.TEXT, null),
    /** Seconds since the last resync attempt. */
    PRVTMR(Type.NUMBER, null),
    /** Seconds since the last upgrade attempt. */
    UPGTMR(Type.NUMBER, null),
    /** Seconds since line 1 lost registration. */
    REGTMR1(Type.NUMBER, null),
    /** Seconds since line 2 lost registration. */
    REGTMR2(Type.NUMBER, null),
    /** Legacy upgrade condition; always {@code true} from firmware 2.0.6. */
    UPGCOND(Type.TEXT, null),
    /** Scheme (tftp, http, https) of the URL being fetched. */
    SCHEME(Type.TEXT, null),
    /** Deprecated alias of {@link #SCHEME}; reads the same value. */
    METH(Type.TEXT, null),
    /** Host name of the URL being fetched. */
    SERV(Type.TEXT, null),
    /** Resolved IP address of the URL being fetched. */
    SERVIP(Type.TEXT, null),
    /** Port of the URL being fetched. */
    PORT(Type.NUMBER, null),
    /** File path of the URL being fetched. */
    PATH(Type.TEXT, null),
    /** Result text of the resync or upgrade. */
    ERR(Type.TEXT, null),
    /** User_ID of line 1. */
    UID1(Type.TEXT, "User_ID_1_"),
    /** User_ID of line 2. */
    UID2(Type.TEXT, "User_ID_2_"),
    /** 1 if the unit is customised, else 0. */
    ISCUST(Type.NUMBER, null);

    /** What a macro's value looks like, so a condition can refuse a text macro left unquoted. */
    public enum Type {
        /** Free text: must be quoted in a condition. */
        TEXT,
        /** An integer. */
        NUMBER,
        /** A version {@code major.minor.build(suffix)}. */
        VERSION,
        /** Whatever an operator stored (GPP values, the product series). */
        ANY
    }

    private static final Map<String, Macro> BY_NAME = new HashMap<>();
    private static final Map<String, Macro> BY_PARAMETER = new HashMap<>();
    /** Per first letter, candidate macros longest name first: the greedy lookup of {@link #longestAt}. */
    private static final Macro[][] BY_FIRST_LETTER = new Macro[26][];

    static {
        for (Macro m : values()) {
            BY_NAME.put(m.name(), m);
            if (m.parameter != null) {
                BY_PARAMETER.put(m.parameter, m);
            }
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            char first = c;
            BY_FIRST_LETTER[c - 'A'] = Arrays.stream(values())
                    .filter(m -> m.name().charAt(0) == first)
                    .sorted(Comparator.comparingInt((Macro m) -> m.name().length()).reversed())
                    .toArray(Macro[]::new);
        }
    }

    private final Type type;
    private final String parameter;

    Macro(Type type, String parameter) {
        this.type = type;
        this.parameter = parameter;
    }

    /** The kind of value this macro holds. */
    public Type type() {
        return type;
    }

    /**
     * The parameter this macro reads ({@code GPP_A}, {@code GPP_SA}, {@code User_ID_1_}), or empty
     * for a device value such as {@code SWVER}.
     */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    /** Whether this macro expands only inside a {@code --key} value (GPP_SA..GPP_SD, spa-protocol.md §1.4). */
    public boolean keyOnly() {
        return this == SA || this == SB || this == SC || this == SD;
    }

    /** Whether this is one of the sixteen general purpose parameters A..P. */
    public boolean isGpp() {
        return ordinal() <= P.ordinal();
    }

    /** The macro with exactly this (case-sensitive) name, e.g. {@code MAU}. */
    public static Optional<Macro> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The macro reading this parameter, e.g. {@code GPP_B} → {@link #B}, {@code User_ID_1_} → {@link #UID1}. */
    public static Optional<Macro> byParameter(String parameterName) {
        return Optional.ofNullable(BY_PARAMETER.get(parameterName));
    }

    /** The GPP macro for a lowercase letter {@code a}..{@code p}, as used by {@code --post} and assignments. */
    public static Optional<Macro> gppLetter(char letter) {
        return letter >= 'a' && letter <= 'p' ? Optional.of(values()[letter - 'a']) : Optional.empty();
    }

    /**
     * The longest macro name that starts at {@code from} in {@code text}, or null. This is how a bare
     * {@code $NAME} is delimited: {@code $MAU} is MAU, not MA followed by U; {@code $Aprofile} is A
     * followed by the text {@code profile}.
     */
    static Macro longestAt(CharSequence text, int from) {
        if (from >= text.length()) {
            return null;
        }
        char first = text.charAt(from);
        if (first < 'A' || first > 'Z') {
            return null;
        }
        for (Macro candidate : BY_FIRST_LETTER[first - 'A']) {
            String name = candidate.name();
            if (regionMatches(text, from, name)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean regionMatches(CharSequence text, int from, String name) {
        if (from + name.length() > text.length()) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (text.charAt(from + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the value may hold URL structure ({@code /}, {@code ?}, {@code ://}): operator-set text
     * such as GPP values. A URL template is only checked for an absolute path when no such macro
     * could still supply it.
     */
    boolean mayHoldUrlStructure() {
        return isGpp() || keyOnly() || this == PATH || this == ERR || this == UPGERR || this == UID1 || this == UID2;
    }

    /** The slot a value is stored in: {@link #METH} shares {@link #SCHEME}'s. */
    int slot() {
        return this == METH ? SCHEME.ordinal() : ordinal();
    }

    /** {@code $NAME}, for messages. */
    String reference() {
        return "$" + name();
    }
}
