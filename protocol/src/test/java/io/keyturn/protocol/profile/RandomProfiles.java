package io.keyturn.protocol.profile;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeded random profiles for property tests, shared with other modules' tests. Names come from the
 * full allowed character set (some with a per-line {@code _n_} suffix), values from printable ASCII
 * plus tab and newline, weighted towards characters that need care ({@code < > & " ' # ; !} and
 * whitespace at the edges); values may be absent or empty, access may be unstated.
 *
 * <p>The base seed is {@value #DEFAULT_SEED}, or {@code -Dkeyturn.seed=N}; put {@link #describe} in
 * assertion messages so that a failure can be replayed.
 */
public final class RandomProfiles {

    /** The seed used unless {@code -Dkeyturn.seed} gives another. */
    public static final long DEFAULT_SEED = 20_261_126L;

    private static final String NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
    private static final String NAME_REST = NAME_START + "0123456789-.";
    private static final String TRICKY = "<>&\"';#!?[]$\\ \t";
    private static final String[] REAL_NAMES = {"GPP_A", "GPP_B", "Profile_Rule", "Proxy_1_", "Dial_Plan_1_",
        "Station_Name", "Auth_Resync-Reboot_1_", "Resync_Periodic", "User_ID_2_", "import", "flat-profile"};

    private RandomProfiles() {
    }

    /** The base seed: {@code -Dkeyturn.seed} or {@link #DEFAULT_SEED}. */
    public static long baseSeed() {
        return Long.getLong("keyturn.seed", DEFAULT_SEED);
    }

    /** One seed per property-test case, derived from the base seed. */
    public static LongStream caseSeeds(int cases) {
        long base = baseSeed();
        return LongStream.range(0, cases).map(i -> base * 1_000_003L + i);
    }

    /** A message part that says how to replay a case. */
    public static String describe(long caseSeed) {
        return "case seed " + caseSeed + " (base seed " + baseSeed() + "; replay with -Dkeyturn.seed=" + baseSeed() + ")";
    }

    /** Any profile the model can hold: up to 40 parameters. */
    public static FlatProfile profile(Random random) {
        return profile(random, false);
    }

    /** A profile SPC source can express: every parameter states its user access. */
    public static FlatProfile spcProfile(Random random) {
        return profile(random, true);
    }

    private static FlatProfile profile(Random random, boolean spc) {
        FlatProfile.Builder builder = FlatProfile.builder();
        int size = random.nextInt(41);
        for (int i = 0; i < size; i++) {
            builder.put(parameter(random, spc));
        }
        return builder.build();
    }

    /** One random parameter; {@code spc} makes it state its user access, as SPC source always does. */
    public static Parameter parameter(Random random, boolean spc) {
        String name = name(random);
        UserAccess access = spc || random.nextInt(4) > 0 ? access(random) : null;
        return switch (random.nextInt(8)) {
            case 0 -> Parameter.unchanged(name, access);
            case 1 -> Parameter.of(name, "", access);
            default -> Parameter.of(name, value(random), access);
        };
    }

    /** A random stored (XML) name. */
    public static String name(Random random) {
        if (random.nextInt(10) == 0) {
            return REAL_NAMES[random.nextInt(REAL_NAMES.length)];
        }
        StringBuilder name = new StringBuilder();
        name.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            name.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        if (random.nextInt(3) == 0) {
            name.append('_').append(1 + random.nextInt(12)).append('_');
        }
        return name.toString();
    }

    /**
     * A random raw value (before the device's trimming): printable ASCII, tabs, newlines, and often the
     * characters that need care in XML or SPC ({@code < > & " ' # ; ! ? [ ] $ \}).
     */
    public static String value(Random random) {
        int length = random.nextInt(48);
        StringBuilder value = new StringBuilder(length);
        while (value.length() < length) {
            char c = switch (random.nextInt(10)) {
                case 0, 1, 2 -> TRICKY.charAt(random.nextInt(TRICKY.length()));
                case 3 -> random.nextInt(6) == 0 ? '\n' : ' ';
                default -> (char) (0x20 + random.nextInt(0x7f - 0x20));
            };
            value.append(c);
        }
        return value.toString();
    }

    /** A random stated access. */
    public static UserAccess access(Random random) {
        return UserAccess.values()[random.nextInt(UserAccess.values().length)];
    }
}
