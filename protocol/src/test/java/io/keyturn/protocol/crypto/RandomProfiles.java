package io.keyturn.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded generators for property tests. The base seed is {@code -Dkeyturn.seed=N} (a fixed default
 * otherwise); case i uses its own Random derived from (seed, i), so one failing case can be replayed
 * alone, and every case prints both numbers.
 */
final class RandomProfiles {

    static final long DEFAULT_SEED = 20_261_126L;
    private static final String NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String NAME_REST = NAME_START + "abcdefghijklmnopqrstuvwxyz0123456789_";

    private RandomProfiles() {
    }

    static long seed() {
        return Long.getLong("keyturn.seed", DEFAULT_SEED);
    }

    /** One property-test case: its coordinates and its own random source. */
    record Case(long seed, int index) {
        Random random() {
            return new Random(seed * 1_000_003L + index);
        }

        @Override
        public String toString() {
            return "case " + index + " of -Dkeyturn.seed=" + seed;
        }
    }

    static Stream<Case> cases(int count) {
        long seed = seed();
        return IntStream.range(0, count).mapToObj(i -> new Case(seed, i));
    }

    /** A passphrase of 1 to 80 printable ASCII characters (spaces, $, ] and " included), or a 64-hex key. */
    static String key(Random random) {
        if (random.nextInt(4) == 0) {
            byte[] bits = new byte[32];
            random.nextBytes(bits);
            return HexFormat.of().formatHex(bits);
        }
        int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 80);
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
        }
        return key.toString();
    }

    /**
     * A flat profile as an SPA would read it: optional declaration, comment and wrapper element, up to
     * 60 parameters (now and then up to two thousand) with ua attributes, empty elements, escaped and
     * multi-line values, mixed line endings.
     */
    static byte[] profile(Random random) {
        StringBuilder xml = new StringBuilder();
        String newline = random.nextInt(3) == 0 ? "\r\n" : "\n";
        if (random.nextBoolean()) {
            xml.append("<?xml version=\"1.0\" encoding=\"US-ASCII\"?>").append(newline);
        }
        if (random.nextInt(4) == 0) {
            xml.append("<!-- ").append(text(random, 40).replace("--", "- ")).append(" -->").append(newline);
        }
        boolean wrapped = random.nextInt(4) == 0;
        if (wrapped) {
            xml.append("<device model=\"SPA962\">").append(newline);
        }
        int parameters = random.nextInt(100) == 0 ? 500 + random.nextInt(1500) : random.nextInt(61);
        if (parameters == 0 && random.nextBoolean()) {
            xml.append("<flat-profile/>");
        } else {
            xml.append("<flat-profile>").append(newline);
            for (int i = 0; i < parameters; i++) {
                String name = name(random);
                xml.append(random.nextBoolean() ? "  " : "\t").append('<').append(name);
                if (random.nextBoolean()) {
                    xml.append(" ua=\"").append(new String[] {"na", "ro", "rw"}[random.nextInt(3)]).append('"');
                }
                switch (random.nextInt(6)) {
                    case 0 -> xml.append("/>");
                    case 1 -> xml.append("></").append(name).append('>');
                    default -> xml.append('>').append(escape(text(random, 120), newline)).append("</")
                            .append(name).append('>');
                }
                xml.append(newline);
            }
            xml.append("</flat-profile>");
        }
        if (wrapped) {
            xml.append(newline).append("</device>");
        }
        if (random.nextBoolean()) {
            xml.append(newline);
        }
        return xml.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Arbitrary bytes of 0 to 4 KB, for the envelope, which does not care what it encrypts. */
    static byte[] bytes(Random random) {
        byte[] data = new byte[random.nextInt(10) == 0 ? random.nextInt(33) : random.nextInt(4097)];
        random.nextBytes(data);
        return data;
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder().append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        int length = random.nextInt(24);
        for (int i = 0; i < length; i++) {
            name.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        return name.toString();
    }

    private static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
        }
        return text.toString();
    }

    private static String escape(String value, String newline) {
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        // Now and then a value spans lines, which the device turns into spaces (spa-protocol.md §4.3).
        return escaped.replace("~", newline);
    }
}
