package io.keyturn.protocol.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random rules, built as trees so they are valid by construction, and random garbage for
 * the fuzz test. Every choice comes from the one {@link Random}, so a seed replays a case exactly.
 */
final class RuleGenerator {

    /** The base seed: {@code -Dkeyturn.seed=N} replays a run; every message prints the case's own seed. */
    static final long BASE_SEED = Long.getLong("keyturn.seed", 20261126L);

    private static final String[] NUMERIC_MACROS = {"$PRVST", "$REGTMR1", "$REGTMR2", "$PRVTMR", "$UPGST", "$ISCUST",
        "$PORT", "$(PRVTMR:1)"};
    private static final String[] VERSION_MACROS = {"$SWVER", "$HWVER", "$(SWVER:0:5)"};
    private static final String[] ANY_MACROS = {"$A", "$B", "$P", "$PSN", "$(C:2:3)", "2.0.$A", "$A$B"};
    private static final String[] PARAMETERS = {"a", "d", "p", "GPP_A", "GPP_SA", "User_ID_1_", "Line_Enable_1_",
        "Station_Name", "_x9", "Resync_Periodic"};
    private static final String[] URL_MACROS = {"$MA", "$MAU", "$PSN", "$B", "$(A:0:4)", "$SN", "$SWVER", "$$"};
    private static final String[] GARBAGE_TOKENS = {"(", ")", ")?", ")!", "[", "]", "|", "\"", "--key", "--post", "--alias",
        "--uid", "--pwd", "--delta", "--", "eq", "ne", "lt", "ge", "and", "AND", "or", "!", "=", "==", "!=", "<=", ">",
        "$MA", "$", "$$", "$(A:1:2)", "$(", "$SWVER", "2.0.6(b)", "1.0.31", "-1", "0", "http://", "https://h",
        "tftp://", "://", "/", "/a.cfg", "?", ":", ":99999", ":80", "h.example", "#", ";", "a", "q", "\"x\"",
        " ", " ", "  ", "\t", "\n", "x", "Line_Enable[1]", "GPP_A", "é", "\u201c", "\u0001", "\u0000", "{", "%"};

    private final Random random;

    RuleGenerator(long seed) {
        random = new Random(seed);
    }

    Rule rule() {
        RuleKind kind = pick(RuleKind.values());
        if (random.nextInt(40) == 0) {
            return new Rule(kind, List.of(), random.nextBoolean() ? Optional.empty() : Optional.of(text(0, 30, "")));
        }
        int count = 1 + random.nextInt(4);
        List<Alternative> alternatives = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alternatives.add(alternative(kind, i < count - 1 || random.nextBoolean()));
        }
        return new Rule(kind, alternatives, Optional.empty());
    }

    private Alternative alternative(RuleKind kind, boolean conditional) {
        Optional<Condition> condition = conditional ? Optional.of(condition()) : Optional.empty();
        List<Assignment> assignments = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                assignments.add(Assignment.of(pick(PARAMETERS), text(0, 20, "\"")));
            }
        }
        Optional<RuleUrl> url = random.nextInt(6) == 0 && (condition.isPresent() || !assignments.isEmpty())
                ? Optional.empty() : Optional.of(url());
        List<UrlOption> options = url.isPresent() && kind.acceptsOptions() && random.nextBoolean() ? options(kind) : List.of();
        return new Alternative(condition, assignments, options, url);
    }

    Condition condition() {
        int n = 1 + random.nextInt(3);
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            comparisons.add(comparison());
        }
        return new Condition(comparisons);
    }

    private Comparison comparison() {
        ComparisonOperator op = pick(ComparisonOperator.values());
        String spelling = op == ComparisonOperator.NOT_EQUAL && random.nextInt(4) == 0 ? "!"
                : random.nextBoolean() ? op.symbol() : op.word();
        Operand left;
        Operand right;
        if (op.isOrdering()) {
            boolean versions = random.nextBoolean();
            left = random.nextInt(8) == 0 ? new Operand.ImpliedSoftwareVersion() : numeric(versions);
            right = numeric(versions);
        } else {
            left = random.nextInt(8) == 0 ? new Operand.ImpliedSoftwareVersion() : anyOperand();
            right = anyOperand();
        }
        return new Comparison(left, op, spelling, right);
    }

    private Operand numeric(boolean versions) {
        return switch (random.nextInt(3)) {
            case 0 -> Operand.Bare.of(versions ? version() : integer());
            case 1 -> Operand.Bare.of(pick(versions ? VERSION_MACROS : NUMERIC_MACROS));
            default -> Operand.Bare.of(pick(ANY_MACROS));
        };
    }

    private Operand anyOperand() {
        return switch (random.nextInt(4)) {
            case 0 -> Operand.Quoted.of(text(0, 16, "\""));
            case 1 -> numeric(random.nextBoolean());
            case 2 -> Operand.Quoted.of("$" + pick(new String[] {"CCERT", "MA", "PN", "A", "(MAU:2:4)", "SA"}));
            default -> Operand.Bare.of(pick(NUMERIC_MACROS));
        };
    }

    private String integer() {
        return (random.nextInt(5) == 0 ? "-" : "") + random.nextInt(100_000);
    }

    private String version() {
        String v = random.nextInt(10) + "." + random.nextInt(20) + "." + random.nextInt(40);
        return switch (random.nextInt(4)) {
            case 0 -> v + "(" + (char) ('a' + random.nextInt(26)) + ")";
            case 1 -> v + "(0" + random.nextInt(999) + "s)";
            case 2 -> v + (char) ('a' + random.nextInt(26));
            default -> v;
        };
    }

    private List<UrlOption> options(RuleKind kind) {
        List<UrlOption> options = new ArrayList<>();
        for (UrlOption.Kind k : UrlOption.Kind.values()) {
            if (!kind.accepts(k) || random.nextInt(3) == 0) {
                continue;
            }
            if (!k.takesValue()) {
                options.add(UrlOption.flag(k));
            } else if (k.takesGppLetter()) {
                options.add(UrlOption.of(k, String.valueOf((char) ('a' + random.nextInt(16)))));
            } else {
                String value = random.nextBoolean() ? pick(new String[] {"$A", "$SA", "$SB$SC", "$(SD:0:8)", "k$MA"})
                        : text(1, 24, "\"");
                boolean quoted = RuleText.needsQuotes(value) || random.nextBoolean();
                options.add(new UrlOption(k, Optional.of(MacroTemplate.parse(value)), quoted));
            }
        }
        if (options.isEmpty()) {
            options.add(UrlOption.of(kind.accepts(UrlOption.Kind.KEY) ? UrlOption.Kind.KEY : UrlOption.Kind.DELTA, "$A"));
        }
        // Shuffle: option order is kept as written.
        Collections.shuffle(options, random);
        return options;
    }

    RuleUrl url() {
        StringBuilder url = new StringBuilder();
        int form = random.nextInt(5);
        if (form <= 1) {
            url.append(pick(new String[] {"tftp", "http", "https", "HTTP"})).append("://");
        }
        if (form != 3) {
            url.append(pick(new String[] {"p.tel.com", "tftp.callme.com", "10.0.0.66", "h", "prov-1.isp_x.example", "$D"}));
            if (random.nextInt(3) == 0) {
                url.append(':').append(1 + random.nextInt(65535));
            }
        }
        int segments = 1 + random.nextInt(3);
        for (int i = 0; i < segments; i++) {
            url.append('/');
            if (random.nextBoolean()) {
                url.append(pick(URL_MACROS));
            }
            url.append(text(0, 8, " \t\n\r\"|/"));
        }
        if (random.nextInt(3) == 0) {
            url.append('?').append(text(0, 10, " \t\n\r\"|"));
        }
        return RuleUrl.of(url.toString());
    }

    /** Printable ASCII text without the excluded characters; never starts with {@code --}. */
    String text(int min, int max, String excluded) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            char c = (char) (0x20 + random.nextInt(0x5f));
            if (random.nextInt(6) == 0) {
                c = "$()[]|?!\"#;:".charAt(random.nextInt(12));
            }
            if (excluded.indexOf(c) < 0 && !(s.length() == 1 && s.charAt(0) == '-' && c == '-')) {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** A string made of rule fragments, characters and the odd non-ASCII or control character. */
    String garbage() {
        int pieces = random.nextInt(14);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(3) == 0) {
                s.append((char) (random.nextInt(10) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f)));
            } else {
                s.append(pick(GARBAGE_TOKENS));
            }
        }
        return s.toString();
    }

    /** A valid rule's text with a few characters deleted, duplicated or replaced. */
    String mutated() {
        StringBuilder s = new StringBuilder(rule().format());
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, s.charAt(random.nextInt(s.length())));
                default -> s.setCharAt(at, "()[]|\"?! $-/:#;=".charAt(random.nextInt(16)));
            }
        }
        return s.toString();
    }

    /** A device with random values for what rules read, so evaluation meets odd input too. */
    DeviceContext device() {
        DeviceContext.Builder b = DeviceContext.builder().mac(String.format("%012x", random.nextLong() & 0xffffffffffffL))
                .model(pick(new String[] {"SPA962", "SPA2102", "PAP2T"}))
                .softwareVersion(random.nextBoolean() ? version() : text(0, 6, ""))
                .provisioningState(random.nextInt(4) - 1);
        if (random.nextBoolean()) {
            b.dhcpServer("tftp.isp.example");
        }
        for (char c = 'a'; c <= 'p'; c++) {
            if (random.nextBoolean()) {
                b.parameter(String.valueOf(c), random.nextBoolean() ? text(0, 12, "") : integer());
            }
        }
        b.parameter("GPP_SA", text(0, 12, ""));
        return b.build();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
